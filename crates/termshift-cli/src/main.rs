fn main() -> std::process::ExitCode {
    termshift_cli::main()
}
