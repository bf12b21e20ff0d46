//! Work on many items split over every core, its results in order: what
//! the stages after the scan do once for every occurrence.
//!
//! Equal shares, one per core, results in order; below 8,192 items one
//! thread does it all, since a thread costs more than it saves. What is
//! decided of each occurrence on its own (its evidence, the review of what
//! stays open, its derived columns) goes through here, and JSON Lines are
//! written from every core a window of findings at a time.

use std::ops::Range;

/// How many items one thread takes: all of them when there are few (a
/// thread costs more than it saves), else an equal share per core.
pub(crate) fn share(len: usize) -> usize {
    /// Below this many items, one thread does the work.
    const ALONE: usize = 8192;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if len <= ALONE || cores == 1 {
        len.max(1)
    } else {
        len.div_ceil(cores)
    }
}

/// `f` of every index below `len`, in order, computed on every core.
pub(crate) fn map<R: Send>(len: usize, f: impl Fn(usize) -> R + Sync) -> Vec<R> {
    in_shares(len, |range| range.map(&f).collect::<Vec<R>>())
        .into_iter()
        .flatten()
        .collect()
}

/// `f` of each share of the indices below `len` (see [`share`]), in
/// order, the shares on every core.
pub(crate) fn in_shares<R: Send>(len: usize, f: impl Fn(Range<usize>) -> R + Sync) -> Vec<R> {
    let share = share(len);
    if share >= len {
        return vec![f(0..len)];
    }
    let f = &f;
    std::thread::scope(|scope| {
        let parts: Vec<_> = (0..len)
            .step_by(share)
            .map(|start| scope.spawn(move || f(start..(start + share).min(len))))
            .collect();
        parts
            .into_iter()
            .map(|part| part.join().expect("parallel work does not panic"))
            .collect()
    })
}

/// `f` of each share of `items` (see [`share`]) with the index of its
/// first item, the shares on every core.
pub(crate) fn each_share_mut<T: Send>(items: &mut [T], f: impl Fn(usize, &mut [T]) + Sync) {
    let share = share(items.len());
    if share >= items.len() {
        return f(0, items);
    }
    let f = &f;
    std::thread::scope(|scope| {
        for (n, part) in items.chunks_mut(share).enumerate() {
            scope.spawn(move || f(n * share, part));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_their_order_whether_split_or_not() {
        for len in [0, 1, 10, 8192, 8193, 50_000] {
            assert_eq!(
                map(len, |i| i * 3),
                (0..len).map(|i| i * 3).collect::<Vec<_>>()
            );
            let shares = in_shares(len, |range| range);
            assert_eq!(shares.first().map(|r| r.start), Some(0));
            assert!(shares.windows(2).all(|w| w[0].end == w[1].start));
            assert_eq!(shares.last().map(|r| r.end), Some(len));
            let mut items = vec![usize::MAX; len];
            each_share_mut(&mut items, |start, share| {
                for (k, item) in share.iter_mut().enumerate() {
                    *item = start + k;
                }
            });
            assert_eq!(items, (0..len).collect::<Vec<_>>());
        }
    }
}
