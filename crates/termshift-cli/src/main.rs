use std::process::ExitCode;

fn main() -> ExitCode {
    termshift_cli::main()
}
