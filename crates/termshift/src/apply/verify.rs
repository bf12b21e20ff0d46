//! Proving the written result still builds: a command run after writing
//! (`apply --write --verify`), every file put back when it fails. The
//! usual command of a root is told by the files at its top (`go.mod`,
//! `Cargo.toml`, `tsconfig.json`, a Python project's `pyproject.toml`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::progress::{Phase, Progress};

/// A command to run in a folder once the files are written.
#[derive(Debug, Clone)]
pub struct Check {
    /// What it checks: a root's name, or "the command given".
    pub name: String,
    pub folder: PathBuf,
    /// A shell command line.
    pub command: String,
}

/// A check that did not pass: its exit and the end of what it printed.
#[derive(Debug)]
pub struct Failed {
    pub check: Check,
    /// Its exit code, or why it did not run.
    pub status: String,
    pub output: String,
}

/// The files that say how a project is built, and the command that checks
/// it without writing anything a build would not (no download: `npx
/// --no-install` uses the project's own `tsc`).
const MARKERS: &[(&[&str], &str)] = &[
    (&["go.mod"], "go build ./... && go vet ./..."),
    (&["Cargo.toml"], "cargo check --all-targets --quiet"),
    (&["tsconfig.json"], "npx --no-install tsc --noEmit"),
    (
        &["pyproject.toml", "setup.py", "setup.cfg"],
        "python3 -m compileall -q .",
    ),
];

/// The usual check of each root, by the files at its top; roots with none
/// are left out.
pub fn usual_checks(config: &Config) -> Vec<Check> {
    config
        .roots
        .iter()
        .filter_map(|root| {
            let commands: Vec<&str> = MARKERS
                .iter()
                .filter(|(files, _)| files.iter().any(|f| root.path.join(f).is_file()))
                .map(|(_, command)| *command)
                .collect();
            (!commands.is_empty()).then(|| Check {
                name: root.name.clone(),
                folder: root.path.clone(),
                command: commands.join(" && "),
            })
        })
        .collect()
}

/// Runs the checks in order, telling `progress` each as it starts; the
/// first that fails, or runs past `timeout`, stops the rest.
pub fn run(
    checks: &[Check],
    timeout: Option<Duration>,
    progress: Progress,
) -> Result<(), Box<Failed>> {
    for (number, check) in checks.iter().enumerate() {
        progress(Phase::Verifying {
            check: number + 1,
            checks: checks.len(),
        });
        run_one(check, timeout)?;
    }
    Ok(())
}

/// Runs one command in its folder; with a timeout, one still running when
/// it ends is stopped, with every process it started.
pub fn run_one(check: &Check, timeout: Option<Duration>) -> Result<(), Box<Failed>> {
    let failed = |status: String, output: String| {
        Box::new(Failed {
            check: check.clone(),
            status,
            output,
        })
    };
    match shell(&check.command, &check.folder, timeout) {
        Ok(Ran::Exited(out)) if out.status.success() => Ok(()),
        Ok(Ran::Exited(out)) => {
            let status = match out.status.code() {
                Some(code) => format!("exit {code}"),
                None => "stopped by a signal".to_string(),
            };
            Err(failed(status, last_lines(&printed(&out), 60)))
        }
        Ok(Ran::TimedOut(out)) => Err(failed(
            format!(
                "stopped after {}s without finishing",
                timeout.unwrap_or_default().as_secs()
            ),
            last_lines(&printed(&out), 60),
        )),
        Err(e) => Err(failed(format!("could not run: {e}"), String::new())),
    }
}

/// What a command printed: its standard output, then its errors.
fn printed(out: &Output) -> String {
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    text
}

/// How a command ended.
enum Ran {
    Exited(Output),
    /// Stopped at its timeout: what it printed until then.
    TimedOut(Output),
}

fn shell(command: &str, folder: &Path, timeout: Option<Duration>) -> std::io::Result<Ran> {
    let mut shell = if cfg!(windows) {
        let mut c = Command::new("cmd");
        c.arg("/C");
        c
    } else {
        let mut c = Command::new("sh");
        c.arg("-c");
        c
    };
    shell
        .arg(command)
        .current_dir(folder)
        .stdin(std::process::Stdio::null());
    let Some(timeout) = timeout else {
        return shell.output().map(Ran::Exited);
    };
    // Its own process group, so that a timeout stops what it started too.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut shell, 0);
    let mut child = shell
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()?;
    let read = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = read(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = read(child.stderr.take().map(|p| Box::new(p) as _));
    let deadline = Instant::now() + timeout;
    let (status, timed_out) = loop {
        if let Some(status) = child.try_wait()? {
            break (status, false);
        }
        if Instant::now() >= deadline {
            #[cfg(unix)]
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.kill();
            break (child.wait()?, true);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    };
    Ok(if timed_out {
        Ran::TimedOut(output)
    } else {
        Ran::Exited(output)
    })
}

/// The last `n` lines of `text`, with a line saying how many were left out.
fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let skip = lines.len().saturating_sub(n);
    let mut out = String::new();
    if skip > 0 {
        out.push_str(&format!("[{skip} lines above]\n"));
    }
    for line in &lines[skip..] {
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_end_of_a_long_output_is_kept() {
        let text: String = (1..=100).map(|i| format!("line {i}\n")).collect();
        let kept = last_lines(&text, 3);
        assert_eq!(kept, "[97 lines above]\nline 98\nline 99\nline 100\n");
        assert_eq!(last_lines("a\nb\n", 3), "a\nb\n");
    }

    #[test]
    fn a_failing_check_stops_the_rest_and_says_how() {
        let dir = tempfile::tempdir().unwrap();
        let check = |name: &str, command: &str| Check {
            name: name.into(),
            folder: dir.path().to_path_buf(),
            command: command.into(),
        };
        let checks = [
            check("a", "echo fine"),
            check("b", "echo broken >&2; exit 3"),
            check("c", "touch ran"),
        ];
        let told = std::sync::Mutex::new(Vec::new());
        let failed = run(&checks, None, &|phase| told.lock().unwrap().push(phase)).unwrap_err();
        assert_eq!(failed.check.name, "b");
        assert_eq!(failed.status, "exit 3");
        assert_eq!(failed.output, "broken\n");
        assert!(!dir.path().join("ran").exists());
        // Each check is told as it starts; the one never run is not.
        assert_eq!(
            told.into_inner().unwrap(),
            [
                Phase::Verifying {
                    check: 1,
                    checks: 3
                },
                Phase::Verifying {
                    check: 2,
                    checks: 3
                }
            ]
        );
        assert!(run(&checks[..1], None, &|_| {}).is_ok());
    }

    #[test]
    fn a_command_past_its_timeout_is_stopped_with_what_it_started() {
        let dir = tempfile::tempdir().unwrap();
        let check = Check {
            name: "slow".into(),
            folder: dir.path().to_path_buf(),
            command: "echo started; (sleep 5; touch late) & sleep 5".into(),
        };
        let began = Instant::now();
        let failed = run_one(&check, Some(Duration::from_millis(300))).unwrap_err();
        assert!(began.elapsed() < Duration::from_secs(4));
        assert!(
            failed.status.starts_with("stopped after"),
            "{}",
            failed.status
        );
        assert_eq!(failed.output, "started\n");
        std::thread::sleep(Duration::from_millis(200));
        assert!(!dir.path().join("late").exists());
        let quick = Check {
            command: "echo fine".into(),
            ..check
        };
        assert!(run_one(&quick, Some(Duration::from_secs(10))).is_ok());
    }
}
