//! The packages of scripts/package.sh, unpacked and run as an officer would:
//! the Linux tarball natively, and thidua.exe from the Windows zip under
//! Wine, each on the sample bloc shipped in it, copied into folders with
//! Vietnamese names with spaces (NFC and NFD); the reports, workbooks and
//! phiếu phản hồi compared value by value with this build's
//! (target/debug/thidua) on the same files, and the totals with the
//! answer key. A folder dropped on thidua.exe (one argument, no command)
//! is consolidated beside it under Wine as on Linux.
//!
//! The packages are looked for in THIDUA_DIST (default dist/), named with
//! Cargo.toml's version; .ci/run makes them before the tests. Without them,
//! Wine or MinGW, the tests are ignored (failed under CI).
//!
//! Wine 8 (Debian 12) has no bcryptprimitives.dll, which Rust's standard
//! library imports for ProcessPrng: tests/wine/bcryptprimitives.c is built
//! with MinGW into a stand-in put beside the exe unpacked in the test's
//! temporary folder. It is never in a package (checked below). Wine runs
//! in its own prefix, target/tmp/wine (or WINEPREFIX), made on first use.

mod common;

use common::tools::{self, Tool};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::Once;
use unicode_normalization::UnicodeNormalization;

const VERSION: &str = env!("CARGO_PKG_VERSION");
const GUIDE: &str = "Hướng dẫn sử dụng.html";
const SAMPLE: &str = "Khối mẫu";
const TEMPLATE: &str = "Mẫu/Bảng tự chấm 2025 - mẫu chung.xlsx";

fn main() -> ExitCode {
    tools::run(vec![
        (
            "the_packages_hold_the_program_guide_templates_and_sample_bloc",
            &[Tool::Packages],
            the_packages_hold_the_program_guide_templates_and_sample_bloc,
        ),
        (
            "the_exe_is_self_contained_with_version_information_and_icon",
            &[Tool::Packages, Tool::Mingw],
            the_exe_is_self_contained_with_version_information_and_icon,
        ),
        (
            "the_linux_package_runs_the_sample_bloc",
            &[Tool::Packages],
            the_linux_package_runs_the_sample_bloc,
        ),
        (
            "the_windows_package_runs_the_sample_bloc_under_wine",
            &[Tool::Packages, Tool::Wine, Tool::Mingw],
            the_windows_package_runs_the_sample_bloc_under_wine,
        ),
        (
            "a_folder_dropped_on_the_exe_is_consolidated_beside_it_under_wine",
            &[Tool::Packages, Tool::Wine, Tool::Mingw],
            a_folder_dropped_on_the_exe_is_consolidated_beside_it_under_wine,
        ),
    ])
}

/// What every package holds besides the program, by name.
fn expected_contents() -> BTreeSet<String> {
    let mut names: BTreeSet<String> = [GUIDE, "Mẫu/quy-dinh-mau.toml", TEMPLATE]
        .into_iter()
        .map(String::from)
        .collect();
    for entry in std::fs::read_dir(common::sample_dir()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        names.insert(format!("{SAMPLE}/{name}"));
    }
    names
}

fn zip_names(zip: &Path) -> Vec<String> {
    let archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    archive
        .file_names()
        .map(|n| n.expect("an entry name").into_owned())
        .collect()
}

fn unzip(zip: &Path, to: &Path) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    archive.extract(to).expect("unzip");
}

fn untar(tarball: &Path, to: &Path) -> PathBuf {
    let status = Command::new("tar")
        .arg("-xzf")
        .arg(tarball)
        .arg("-C")
        .arg(to)
        .status()
        .expect("tar");
    assert!(status.success(), "tar -xzf {}", tarball.display());
    let top = tarball
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .trim_end_matches(".tar.gz");
    to.join(top)
}

fn the_packages_hold_the_program_guide_templates_and_sample_bloc() {
    let (zip, tarball) = tools::packages();
    let mut want = expected_contents();
    want.insert("thidua.exe".into());
    let got: BTreeSet<String> = zip_names(&zip).into_iter().collect();
    assert_eq!(got, want, "{}", zip.display());
    assert!(
        !got.iter().any(|n| n.to_lowercase().ends_with(".dll")),
        "no DLL is shipped"
    );

    let dir = tempfile::tempdir().unwrap();
    let top = untar(&tarball, dir.path());
    let mut want = expected_contents();
    want.insert("thidua".into());
    let got: BTreeSet<String> = walk(&top).into_iter().collect();
    assert_eq!(got, want, "{}", tarball.display());
    use std::os::unix::fs::PermissionsExt as _;
    let mode = std::fs::metadata(top.join("thidua"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o111, 0o111, "thidua is executable");

    // The guide: one file, its pictures inside, the version filled in.
    let guide = std::fs::read_to_string(top.join(GUIDE)).unwrap();
    let pictures = std::fs::read_dir(common::root().join("docs/huong-dan"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "png")
        })
        .count();
    assert_eq!(
        pictures, 9,
        "the guide's pictures (tests/docs.rs checks each is used)"
    );
    assert_eq!(
        guide.matches("src=\"data:image/png;base64,").count(),
        pictures
    );
    assert!(!guide.contains("{{"), "every placeholder filled");
    assert!(guide.contains(&format!("thidua-{VERSION}-windows-x64.zip")));
    for promised in [
        "Giải nén tất cả",
        "bấm đúp vào thidua.exe",
        "thả lên biểu tượng thidua.exe",
        "Tải xuống",
        "phiếu phản hồi",
        "thidua.exe ballots",
        "thidua.exe tally",
        "thidua.exe documents",
        "thidua.exe rules next-year",
        "--history",
        "thidua.exe province",
    ] {
        assert!(guide.contains(promised), "the guide explains {promised}");
    }
    // The rules template and the sample bloc are the repository's.
    assert_eq!(
        std::fs::read(top.join("Mẫu/quy-dinh-mau.toml")).unwrap(),
        std::fs::read(common::root().join("templates/quy-dinh-mau.toml")).unwrap()
    );
    for file in std::fs::read_dir(common::sample_dir()).unwrap() {
        let file = file.unwrap();
        assert_eq!(
            std::fs::read(top.join(SAMPLE).join(file.file_name())).unwrap(),
            std::fs::read(file.path()).unwrap()
        );
    }
}

/// Files under `dir`, as relative paths with `/`.
fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap();
                out.push(rel.to_str().unwrap().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

fn mingw(tool: &str, args: &[&std::ffi::OsStr]) -> String {
    let out = Command::new(format!("x86_64-w64-mingw32-{tool}"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool}: {e}"));
    assert!(
        out.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn the_exe_is_self_contained_with_version_information_and_icon() {
    let (zip, _) = tools::packages();
    let dir = tempfile::tempdir().unwrap();
    unzip(&zip, dir.path());
    let exe = dir.path().join("thidua.exe");

    // Only DLLs every Windows 10 and 11 has: no MinGW runtime, no VC++
    // redistributable.
    let system = [
        "advapi32.dll",
        "api-ms-win-core-synch-l1-2-0.dll",
        "bcrypt.dll",
        "bcryptprimitives.dll",
        "kernel32.dll",
        "msvcrt.dll",
        "ntdll.dll",
        "ole32.dll",
        "shell32.dll",
        "user32.dll",
        "userenv.dll",
        "ws2_32.dll",
    ];
    let imports = mingw("objdump", &["-p".as_ref(), exe.as_os_str()]);
    let dlls: BTreeSet<String> = imports
        .lines()
        .filter_map(|l| l.trim().strip_prefix("DLL Name: "))
        .map(|n| n.to_lowercase())
        .collect();
    assert!(dlls.contains("kernel32.dll"), "{imports}");
    for dll in &dlls {
        assert!(system.contains(&dll.as_str()), "thidua.exe imports {dll}");
    }

    // The version information and the icon.
    let resources = mingw(
        "windres",
        &["-i".as_ref(), exe.as_os_str(), "-O".as_ref(), "rc".as_ref()],
    );
    let version = VERSION.replace('.', ", ");
    for want in [
        format!("FILEVERSION {version}, 0"),
        format!("VALUE \"ProductVersion\", \"{VERSION}\""),
        "VALUE \"OriginalFilename\", \"thidua.exe\"".into(),
        // "thidua - tổng hợp…" in UTF-16, as windres prints it.
        "VALUE \"FileDescription\", L\"thidua - t\\x1ed5ng h\\x1ee3p".into(),
        "RT_GROUP_ICON".into(),
    ] {
        assert!(resources.contains(&want), "{want} in\n{resources}");
    }
    let icons = resources.matches("/* RT_ICON */").count();
    assert!(icons >= 4, "the icon's sizes: {icons}");
}

/// A workbook's sheets: name and cells as text.
type Cells = Vec<(String, Vec<Vec<String>>)>;

/// A run's exit code, report, workbook cells, the console summary and the
/// phiếu phản hồi (name and cells), with `\` in texts read as `/`.
#[derive(Debug, PartialEq)]
struct Outputs {
    code: i32,
    report: Value,
    check_code: i32,
    check_report: Value,
    summary: String,
    workbook: Cells,
    feedback: Vec<(String, Cells)>,
}

fn slashes(v: Value) -> Value {
    match v {
        Value::String(s) => Value::String(s.replace('\\', "/")),
        Value::Array(a) => Value::Array(a.into_iter().map(slashes).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, slashes(v))).collect()),
        other => other,
    }
}

/// A workbook's cells, paths written with "/". The very hidden
/// "thidua-report" sheet holds the JSON report deflated: it is compared as
/// the report it holds, its paths written with "/" as the JSON reports'
/// are (the deflated bytes of two reports naming files differently differ
/// throughout).
fn cells(path: &Path) -> Cells {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // (Only the consolidated workbook carries one: the feedback workbooks
    // have no such sheet.)
    let embedded = match thidua::read::load_bytes(&bytes)
        .map(|l| thidua::read::embedded_report(&l.workbook))
    {
        Ok(thidua::read::Embedded::Report(json)) => {
            let report: Value = serde_json::from_str(&json).expect("the embedded report is JSON");
            slashes(report).to_string()
        }
        _ => String::new(),
    };
    common::workbook_cells(&bytes)
        .into_iter()
        .map(|(sheet, rows)| {
            if sheet == thidua::read::REPORT_SHEET {
                return (sheet, vec![vec![embedded.clone()]]);
            }
            let rows = rows
                .into_iter()
                .map(|r| r.into_iter().map(|c| c.replace('\\', "/")).collect())
                .collect();
            (sheet, rows)
        })
        .collect()
}

/// How to start a program: `[program, args…]`.
type Runner<'a> = &'a dyn Fn(&Path, &[&str]) -> (i32, String, String);

/// `consolidate` and `check --json` of the folder `bloc` (relative to
/// `cwd`), as `run` starts the program; outputs named in Vietnamese beside
/// it, under `out` (relative to `cwd`).
fn run_bloc(run: Runner, cwd: &Path, bloc: &str, out: &str) -> Outputs {
    std::fs::create_dir_all(cwd.join(out)).unwrap();
    let workbook = format!("{out}/Bảng tổng hợp.xlsx");
    let json = format!("{out}/báo cáo.json");
    let feedback = format!("{out}/Phiếu phản hồi");
    let (code, stdout, stderr) = run(
        cwd,
        &[
            "consolidate",
            bloc,
            "-o",
            &workbook,
            "--json",
            &json,
            "--feedback",
            &feedback,
        ],
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let report: Value = serde_json::from_str(
        &std::fs::read_to_string(cwd.join(&json))
            .unwrap_or_else(|e| panic!("{json}: {e}\n{stdout}\n{stderr}")),
    )
    .unwrap();
    let (check_code, check_stdout, check_stderr) = run(cwd, &["check", "--json", bloc]);
    assert!(!check_stderr.contains("panicked"), "{check_stderr}");
    let check_report: Value = serde_json::from_str(&check_stdout)
        .unwrap_or_else(|e| panic!("check --json: {e}\n{check_stdout}\n{check_stderr}"));
    let mut phieu: Vec<PathBuf> = std::fs::read_dir(cwd.join(&feedback))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    phieu.sort();
    Outputs {
        code,
        report: slashes(report),
        check_code,
        check_report: slashes(check_report),
        summary: stdout.replace('\\', "/").replace("\r\n", "\n"),
        workbook: cells(&cwd.join(&workbook)),
        feedback: phieu
            .iter()
            .map(|p| {
                let name = p.file_name().unwrap().to_str().unwrap().to_string();
                (name, cells(p))
            })
            .collect(),
    }
}

fn native(program: &Path) -> impl Fn(&Path, &[&str]) -> (i32, String, String) + '_ {
    move |cwd, args| {
        let out = Command::new(program)
            .current_dir(cwd)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("{}: {e}", program.display()));
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

/// The sample bloc copied to `cwd/bloc` (its files' names normalized as
/// the folder's, NFC or NFD).
fn copy_sample(from: &Path, cwd: &Path, bloc: &str, nfd: bool) {
    let to = cwd.join(bloc);
    std::fs::create_dir_all(&to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        let name: String = if nfd {
            name.nfd().collect()
        } else {
            name.nfc().collect()
        };
        std::fs::copy(entry.path(), to.join(name)).unwrap();
    }
}

/// Both normalizations of a folder path with Vietnamese names and spaces.
fn bloc_paths() -> [(String, String, bool); 2] {
    let bloc = "Khối thi đua 2025/Bảng tự chấm của các đơn vị";
    let out = "Khối thi đua 2025/Kết quả tổng hợp";
    [
        (bloc.nfc().collect(), out.nfc().collect(), false),
        (bloc.nfd().collect(), out.nfd().collect(), true),
    ]
}

/// Totals, ranks and awards against the answer key of the sample bloc.
fn matches_the_answer_key(report: &Value) {
    let key: Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("tests/expected/sample-bloc.json")).unwrap(),
    )
    .unwrap();
    for (id, want) in key["units"].as_object().unwrap() {
        let got = report["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["id"] == *id)
            .unwrap_or_else(|| panic!("no unit {id}"));
        for field in ["total", "self_total", "rank", "award"] {
            match (want[field].as_f64(), got[field].as_f64()) {
                (Some(w), Some(g)) => {
                    assert_eq!((w * 1000.0).round(), (g * 1000.0).round(), "{id} {field}")
                }
                _ => assert_eq!(got[field], want[field], "{id} {field}"),
            }
        }
    }
}

fn the_linux_package_runs_the_sample_bloc() {
    let (_, tarball) = tools::packages();
    let dir = tempfile::tempdir().unwrap();
    let top = untar(&tarball, dir.path());
    let packaged = top.join("thidua");
    let this_build = PathBuf::from(env!("CARGO_BIN_EXE_thidua"));
    for (bloc, out, nfd) in bloc_paths() {
        copy_sample(&top.join(SAMPLE), &top, &bloc, nfd);
        // The same output paths: the console names them.
        let want = run_bloc(&native(&this_build), &top, &bloc, &out);
        let got = run_bloc(&native(&packaged), &top, &bloc, &out);
        assert_eq!(got.code, 1, "the sample bloc has a unit with errors");
        matches_the_answer_key(&got.report);
        assert_eq!(got.feedback.len(), 8, "one phiếu per file");
        assert_eq!(got, want, "nfd: {nfd}");
    }
}

/// Wine's prefix: WINEPREFIX, else target/tmp/wine, made once.
fn wine_prefix() -> PathBuf {
    static MADE: Once = Once::new();
    let prefix = std::env::var_os("WINEPREFIX")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("wine"));
    MADE.call_once(|| {
        if !prefix.join("system.reg").exists() {
            let status = Command::new("wineboot")
                .arg("-i")
                .env("WINEPREFIX", &prefix)
                .env("WINEDEBUG", "-all")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .expect("wineboot");
            assert!(status.success(), "wineboot -i in {}", prefix.display());
            // The registry is written when the server ends.
            let _ = Command::new("wineserver")
                .arg("-w")
                .env("WINEPREFIX", &prefix)
                .status();
        }
    });
    prefix
}

/// The stand-in bcryptprimitives.dll, built into `dir`.
fn stand_in_dll(dir: &Path) {
    let source = common::root().join("tests/wine");
    let dll = dir.join("bcryptprimitives.dll");
    mingw(
        "gcc",
        &[
            "-shared".as_ref(),
            "-O2".as_ref(),
            "-s".as_ref(),
            "-o".as_ref(),
            dll.as_os_str(),
            source.join("bcryptprimitives.c").as_os_str(),
            source.join("bcryptprimitives.def").as_os_str(),
            "-ladvapi32".as_ref(),
        ],
    );
}

/// thidua.exe under Wine. Its output goes to files, not pipes, so that a
/// wineserver it starts (which outlives it) holds no pipe open.
fn wine(exe: &Path) -> impl Fn(&Path, &[&str]) -> (i32, String, String) + '_ {
    wine_with(exe, &[])
}

/// [`wine`] with environment variables set for thidua.exe (Wine passes
/// them on).
fn wine_with<'a>(
    exe: &'a Path,
    vars: &'a [(&'a str, &'a str)],
) -> impl Fn(&Path, &[&str]) -> (i32, String, String) + 'a {
    let prefix = wine_prefix();
    move |cwd, args| {
        let logs = tempfile::tempdir().unwrap();
        let (out, err) = (logs.path().join("out"), logs.path().join("err"));
        let status = Command::new("wine")
            .arg(exe)
            .args(args)
            .current_dir(cwd)
            .envs(vars.iter().copied())
            .env("WINEPREFIX", &prefix)
            .env("WINEDEBUG", "-all")
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&out).unwrap())
            .stderr(std::fs::File::create(&err).unwrap())
            .status()
            .expect("wine");
        (
            status.code().unwrap_or(-1),
            String::from_utf8_lossy(&std::fs::read(&out).unwrap()).into_owned(),
            String::from_utf8_lossy(&std::fs::read(&err).unwrap()).into_owned(),
        )
    }
}

fn the_windows_package_runs_the_sample_bloc_under_wine() {
    let (zip, _) = tools::packages();
    let dir = tempfile::tempdir().unwrap();
    let top = dir.path().join("Thư mục giải nén");
    unzip(&zip, &top);
    let exe = top.join("thidua.exe");
    stand_in_dll(&top);
    let run = wine(&exe);

    let (code, version, stderr) = run(&top, &["--version"]);
    assert_eq!(
        (code, version.trim()),
        (0, format!("thidua {VERSION}").as_str()),
        "{stderr}"
    );

    let this_build = PathBuf::from(env!("CARGO_BIN_EXE_thidua"));
    for (bloc, out, nfd) in bloc_paths() {
        copy_sample(&top.join(SAMPLE), &top, &bloc, nfd);
        // The same output paths: the console names them.
        let want = run_bloc(&native(&this_build), &top, &bloc, &out);
        let got = run_bloc(&run, &top, &bloc, &out);
        assert_eq!(got.code, 1, "the sample bloc has a unit with errors");
        matches_the_answer_key(&got.report);
        assert_eq!(got.feedback.len(), 8, "one phiếu per file");
        assert_eq!(got.code, want.code, "nfd: {nfd}");
        assert_eq!(got.report, want.report, "nfd: {nfd}");
        assert_eq!(got.check_report, want.check_report, "nfd: {nfd}");
        assert_eq!(got.workbook, want.workbook, "nfd: {nfd}");
        assert_eq!(got.feedback, want.feedback, "nfd: {nfd}");
        assert_eq!(got.summary, want.summary, "nfd: {nfd}");
        assert_eq!(got, want, "nfd: {nfd}");
    }

    // The blank template the package ships is what thidua.exe writes.
    let (code, _, stderr) = run(
        &top,
        &[
            "template",
            "--rules",
            "Mẫu/quy-dinh-mau.toml",
            "-o",
            "Mẫu mới",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        cells(&top.join("Mẫu mới/Bảng tự chấm 2025 - mẫu chung.xlsx")),
        cells(&top.join(TEMPLATE))
    );
}

/// The workbook a drop writes, named after the sample bloc.
const DROPPED_WORKBOOK: &str = "Bảng tổng hợp Khối thi đua Văn hóa - Xã hội.xlsx";

/// `cells` with the folder `prefix` (as written in the workbook, `/`
/// separated) taken out of every text: the paths of the files read.
fn without_prefix(cells: Cells, prefix: &str) -> Cells {
    cells
        .into_iter()
        .map(|(sheet, rows)| {
            let rows = rows
                .into_iter()
                .map(|r| r.into_iter().map(|c| c.replace(prefix, "")).collect())
                .collect();
            (sheet, rows)
        })
        .collect()
}

/// A folder dropped on thidua.exe: Windows starts it with one argument,
/// the folder's full path, and no command. With THIDUA_NO_PAUSE=1 it does
/// not wait for Enter; it writes "Bảng tổng hợp <khối>.xlsx" in the folder,
/// exits 1 (the sample bloc has findings), and the workbook's values are
/// the Linux build's for the same drop.
fn a_folder_dropped_on_the_exe_is_consolidated_beside_it_under_wine() {
    let (zip, _) = tools::packages();
    let dir = tempfile::tempdir().unwrap();
    let top = dir.path().join("Thư mục giải nén");
    unzip(&zip, &top);
    let exe = top.join("thidua.exe");
    stand_in_dll(&top);
    let folder = top.join("Bảng tự chấm các đơn vị 2025");
    copy_sample(
        &top.join(SAMPLE),
        &top,
        "Bảng tự chấm các đơn vị 2025",
        false,
    );
    let written = folder.join(DROPPED_WORKBOOK);

    // The Linux build, dropped the same folder (its full path).
    let this_build = PathBuf::from(env!("CARGO_BIN_EXE_thidua"));
    let out = Command::new(&this_build)
        .arg(&folder)
        .current_dir(&top)
        .env("THIDUA_NO_PAUSE", "1")
        .env("THIDUA_NO_BROWSER", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let unix_prefix = format!("{}/", folder.display());
    let want = without_prefix(cells(&written), &unix_prefix);
    std::fs::remove_file(&written).unwrap();

    // thidua.exe, given the folder as Windows names it (Wine's Z: is /),
    // run from another folder as Explorer does.
    let windows_path = format!("Z:{}", folder.display()).replace('/', "\\");
    let run = wine_with(&exe, &[("THIDUA_NO_PAUSE", "1")]);
    let started = std::time::Instant::now();
    let (code, stdout, stderr) = run(dir.path(), &[&windows_path]);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(code, 1, "the sample bloc has findings\n{stdout}\n{stderr}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(240),
        "no wait for Enter"
    );
    assert!(stdout.contains("tổng hợp 8 tệp"), "{stdout}");
    assert!(written.is_file(), "{stdout}\n{stderr}");
    let windows_prefix = format!("{}/", windows_path.replace('\\', "/"));
    let got = without_prefix(cells(&written), &windows_prefix);
    assert_eq!(got, want);
    // Only the workbook was added to the folder.
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let mut sample: Vec<String> = std::fs::read_dir(top.join(SAMPLE))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    sample.push(DROPPED_WORKBOOK.to_string());
    sample.sort();
    assert_eq!(names, sample);
}
