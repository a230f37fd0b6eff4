//! The `thidua` binary: everything is in the library's `cli` module.

fn main() -> std::process::ExitCode {
    thidua::cli::main()
}
