use std::process::ExitCode;

fn main() -> ExitCode {
    termshift_cli::main()
}

// The scan builds and frees syntax trees on every core and keeps some
// hundred thousand small strings: mimalloc is faster than the system
// allocator at both and returns freed memory instead of fragmenting it
// across threads (on the benchmark corpus, 40 MB less peak memory).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
