//! Programs outside the repository that some tests drive (LibreOffice, a
//! Times New Roman metric-compatible font, Python with openpyxl or uno,
//! the browsers and their WebDriver servers), and a test runner that
//! reports a test whose programs are missing as *ignored* in the summary —
//! never as passed. Under CI (the `CI` environment variable set) a missing
//! program fails the test instead: `.ci/run` installs them all.
//!
//! Test files that use it set `harness = false` in Cargo.toml and end in
//! `fn main() -> ExitCode { tools::run(vec![...]) }`.

use libtest_mimic::{Arguments, Failed, Trial};
use std::process::{Command, ExitCode};

/// One program a test needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    /// LibreOffice's `soffice`.
    Soffice,
    /// A font with Times New Roman's metrics (fonts-liberation2): page
    /// counts of printed workbooks depend on it.
    SerifFont,
    /// python3 with openpyxl.
    Openpyxl,
    /// A Python with LibreOffice's `uno` bridge.
    UnoPython,
    /// python3 with openpyxl and python-docx.
    PythonDocx,
    /// LibreOffice Writer (soffice with its text-document module), to
    /// print .docx files.
    Writer,
    /// Chromium and chromedriver.
    Chromium,
    /// Firefox ESR and geckodriver.
    Firefox,
    /// The packages of scripts/package.sh for this version, in THIDUA_DIST
    /// (default dist/): the Windows zip and the Linux tarball.
    Packages,
    /// Wine, to run thidua.exe (Debian: wine, wine64).
    Wine,
    /// MinGW's gcc and binutils (Debian: gcc-mingw-w64-x86-64,
    /// binutils-mingw-w64-x86-64).
    Mingw,
}

fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A program named by `var`, else `default`.
pub fn program(var: &str, default: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| default.to_string())
}

/// A Python that has LibreOffice's `uno` bridge: THIDUA_UNO_PYTHON, else
/// python3 or the system's /usr/bin/python3.
pub fn uno_python() -> Option<String> {
    let candidates = std::env::var("THIDUA_UNO_PYTHON")
        .map(|p| vec![p])
        .unwrap_or_else(|_| vec!["python3".into(), "/usr/bin/python3".into()]);
    candidates
        .into_iter()
        .find(|p| runs(p, &["-c", "import uno"]))
}

impl Tool {
    /// What to install, for the ignore and failure messages.
    pub fn describe(self) -> &'static str {
        match self {
            Tool::Soffice => "LibreOffice (soffice; Debian: libreoffice-calc-nogui)",
            Tool::SerifFont => {
                "a font with Times New Roman's metrics (Debian: fonts-liberation2, with fontconfig)"
            }
            Tool::Openpyxl => "python3 with openpyxl (pip install openpyxl)",
            Tool::UnoPython => "a Python with LibreOffice's uno module (Debian: python3-uno)",
            Tool::PythonDocx => {
                "python3 with openpyxl and python-docx (pip install openpyxl python-docx)"
            }
            Tool::Writer => "LibreOffice Writer (Debian: libreoffice-writer-nogui)",
            Tool::Chromium => "chromium and chromedriver (Debian: chromium, chromium-driver)",
            Tool::Firefox => "firefox-esr and geckodriver (cargo install geckodriver)",
            Tool::Packages => "the packages in dist/ (scripts/package.sh)",
            Tool::Wine => "Wine (Debian: wine, wine64)",
            Tool::Mingw => "MinGW (Debian: gcc-mingw-w64-x86-64, binutils-mingw-w64-x86-64)",
        }
    }

    /// Whether the program is there and runs.
    pub fn present(self) -> bool {
        match self {
            Tool::Soffice => runs("soffice", &["--version"]),
            Tool::SerifFont => Command::new("fc-match")
                .arg("Times New Roman")
                .output()
                .is_ok_and(|o| {
                    let found = String::from_utf8_lossy(&o.stdout).to_lowercase();
                    o.status.success()
                        && ["liberation serif", "times new roman", "tinos"]
                            .iter()
                            .any(|f| found.contains(f))
                }),
            Tool::Openpyxl => runs("python3", &["-c", "import openpyxl"]),
            Tool::UnoPython => uno_python().is_some(),
            Tool::PythonDocx => runs("python3", &["-c", "import openpyxl, docx"]),
            Tool::Writer => runs("soffice", &["--version"]) && writer_module(),
            Tool::Chromium => {
                runs(
                    &program("THIDUA_CHROMEDRIVER", "chromedriver"),
                    &["--version"],
                ) && runs(
                    &program("THIDUA_CHROMIUM", "/usr/bin/chromium"),
                    &["--version"],
                )
            }
            Tool::Firefox => {
                runs(
                    &program("THIDUA_GECKODRIVER", "geckodriver"),
                    &["--version"],
                ) && runs(
                    &program("THIDUA_FIREFOX", "/usr/bin/firefox-esr"),
                    &["--version"],
                )
            }
            Tool::Packages => {
                let (zip, tarball) = packages();
                zip.is_file() && tarball.is_file()
            }
            Tool::Wine => runs("wine", &["--version"]),
            Tool::Mingw => {
                runs("x86_64-w64-mingw32-gcc", &["--version"])
                    && runs("x86_64-w64-mingw32-objdump", &["--version"])
                    && runs("x86_64-w64-mingw32-windres", &["--version"])
            }
        }
    }
}

/// Whether LibreOffice's Writer module lies beside the `soffice` found on
/// PATH (soffice alone, as libreoffice-calc-nogui installs it, converts no
/// .docx).
fn writer_module() -> bool {
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&path)
        .map(|dir| dir.join("soffice"))
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .filter_map(|p| p.parent().map(|d| d.to_path_buf()))
        .any(|dir| {
            ["libswlo.so", "swlo.dll", "libswlo.dylib"]
                .iter()
                .any(|m| dir.join(m).is_file())
        })
}

/// The Windows zip and the Linux tarball scripts/package.sh writes for
/// this version, in THIDUA_DIST (default: dist/ of the repository).
pub fn packages() -> (std::path::PathBuf, std::path::PathBuf) {
    let dist = std::env::var_os("THIDUA_DIST")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("dist"));
    let version = env!("CARGO_PKG_VERSION");
    (
        dist.join(format!("thidua-{version}-windows-x64.zip")),
        dist.join(format!("thidua-{version}-linux-x64.tar.gz")),
    )
}

/// A test: its name, the programs it needs, its body (which panics on failure).
pub type Test = (&'static str, &'static [Tool], fn());

/// Run `tests` like the standard harness. A test whose programs are
/// missing is ignored (and says which, on standard error) — or fails,
/// under CI.
pub fn run(tests: Vec<Test>) -> ExitCode {
    let args = Arguments::from_args();
    let under_ci = std::env::var_os("CI").is_some();
    let mut known: Vec<(Tool, bool)> = Vec::new();
    let mut present = |tool: Tool| match known.iter().find(|(t, _)| *t == tool) {
        Some(&(_, p)) => p,
        None => {
            let p = tool.present();
            known.push((tool, p));
            p
        }
    };
    let trials = tests
        .into_iter()
        .map(|(name, needs, body)| {
            let missing: Vec<&str> = needs
                .iter()
                .filter(|t| !present(**t))
                .map(|t| t.describe())
                .collect();
            if missing.is_empty() {
                Trial::test(name, move || {
                    body();
                    Ok(())
                })
            } else if under_ci {
                let why = format!(
                    "CI is set but this test needs {}; .ci/run installs it",
                    missing.join(", ")
                );
                Trial::test(name, move || Err(Failed::from(why)))
            } else {
                eprintln!("ignored {name}: needs {}", missing.join(", "));
                Trial::test(name, move || Ok(())).with_ignored_flag(true)
            }
        })
        .collect();
    libtest_mimic::run(&args, trials).exit_code()
}
