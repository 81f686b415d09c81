fn main() -> std::process::ExitCode {
    dockerlean::cli::main()
}
