//! Files written in UTF-16 with a byte order mark (Windows tools write
//! PowerShell scripts, `.reg` and resource files so): read as UTF-8 for the
//! scan. Their byte offsets are the decoded text's, not the file's, so
//! nothing edits them.

/// Whether the bytes start with a UTF-16 byte order mark.
pub fn is_utf16(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF])
}

/// The text of a file that starts with a UTF-16 byte order mark, in UTF-8
/// without the mark, and whether a code unit was invalid (an unpaired
/// surrogate or a last odd byte, read as U+FFFD).
pub fn decode(bytes: &[u8]) -> Option<(Vec<u8>, bool)> {
    if !is_utf16(bytes) {
        return None;
    }
    let big_endian = bytes[0] == 0xFE;
    let body = &bytes[2..];
    let units = body.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    });
    let mut text = String::with_capacity(body.len());
    let mut lossy = false;
    for c in char::decode_utf16(units) {
        text.push(c.unwrap_or_else(|_| {
            lossy = true;
            char::REPLACEMENT_CHARACTER
        }));
    }
    if body.len() % 2 == 1 {
        lossy = true;
        text.push(char::REPLACEMENT_CHARACTER);
    }
    Some((text.into_bytes(), lossy))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(text: &str, big_endian: bool) -> Vec<u8> {
        let mut bytes = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in text.encode_utf16() {
            bytes.extend(if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        bytes
    }

    #[test]
    fn both_byte_orders_decode_without_the_mark() {
        for big_endian in [false, true] {
            let (text, lossy) = decode(&encoded("$RunId = 1 # é😀\r\n", big_endian)).unwrap();
            assert_eq!(String::from_utf8(text).unwrap(), "$RunId = 1 # é😀\r\n");
            assert!(!lossy);
        }
        assert_eq!(decode(b"run"), None);
        assert_eq!(decode(&[0xEF, 0xBB, 0xBF, b'r']), None);
    }

    #[test]
    fn invalid_code_units_read_as_replacement_characters() {
        let mut bytes = encoded("run", false);
        bytes.extend([0x00, 0xD8]);
        let (text, lossy) = decode(&bytes).unwrap();
        assert_eq!(String::from_utf8(text).unwrap(), "run\u{FFFD}");
        assert!(lossy);
        let (text, lossy) = decode(&[0xFF, 0xFE, b'r', 0, b'u']).unwrap();
        assert_eq!(String::from_utf8(text).unwrap(), "r\u{FFFD}");
        assert!(lossy);
    }
}
