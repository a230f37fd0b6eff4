//! `thidua serve`: the local web page. Resolves the rules file, binds the
//! address, says where the page is, and answers until stopped (Ctrl+C).
//! Also what `thidua` does when started without arguments (a double click
//! on thidua.exe): the page, opened in the browser.

use super::args::{ServeArgs, rules_files_in};
use super::fail;
use crate::history::PastFile;
use crate::rules::{Province, Rules};
use crate::web::{Limits, LoadedProvince, LoadedRules, Server};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

pub fn run(args: ServeArgs) -> u8 {
    let rules = match &args.rules {
        Some(path) => match Rules::load(path) {
            Ok(rules) => Some(LoadedRules {
                rules: Arc::new(rules),
                file: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| path.display().to_string()),
            }),
            Err(e) => return fail(e),
        },
        None => None,
    };
    let province = match &args.province {
        Some(path) => match Province::load(path) {
            Ok(province) => Some(LoadedProvince {
                province: Arc::new(province),
                file: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| path.display().to_string()),
            }),
            Err(e) => return fail(e),
        },
        None => None,
    };
    let past = match &args.history {
        Some(dir) => match PastFile::read_dir(dir) {
            Ok(files) => files,
            Err(e) => return fail(e),
        },
        None => Vec::new(),
    };
    let addr = SocketAddr::new(args.listen, args.port);
    let mut port = args.port;
    let server = loop {
        let at = SocketAddr::new(args.listen, port);
        match Server::bind(at, rules.clone(), Limits::default(), &args.allow_hosts) {
            Ok(s) => break s.read_with(super::reader()),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                let ours = is_thidua_page(port);
                if ours && args.reuse_running && port == args.port {
                    // Started again while the page already runs: show that one.
                    let url = format!("http://127.0.0.1:{port}/");
                    say!("Trang tổng hợp thi đua đã chạy sẵn tại: {url}");
                    open_browser(&url);
                    return super::EXIT_OK;
                }
                let next = port
                    .checked_add(1)
                    .filter(|p| *p <= args.port.saturating_add(PORTS_TRIED));
                let Some(next) = next else {
                    return fail(format!(
                        "các cổng từ {} đến {port} đều đang được chương trình khác dùng. Chọn cổng khác: thidua serve --port SỐ",
                        args.port
                    ));
                };
                let holder = if ours {
                    "một trang thidua khác"
                } else {
                    "chương trình khác"
                };
                say!("Cổng {port} đang được {holder} dùng; trang mở ở cổng {next}.");
                port = next;
            }
            Err(e) => return fail(format!("không mở được trang web tại {at}: {e}")),
        }
    };
    let server = server
        .offer_rules(&args.rules_choices)
        .province(province, &args.province_choices)
        .history(past);
    let local = server.local_addr().unwrap_or(addr);
    // Listening on every address: this computer opens the page at the
    // loopback address (browsers refuse http://0.0.0.0).
    let port = local.port();
    let url = match local.ip() {
        IpAddr::V4(ip) if ip.is_loopback() || ip.is_unspecified() => {
            format!("http://127.0.0.1:{port}/")
        }
        IpAddr::V6(ip) if ip.is_loopback() || ip.is_unspecified() => {
            format!("http://[::1]:{port}/")
        }
        _ => format!("http://{local}/"),
    };
    if !args.listen.is_loopback() {
        eprintln_safe(&format!(
            "Cảnh báo: trang đang mở cho mọi máy kết nối được tới địa chỉ {} — ai trong mạng cũng xem và gửi tệp được. Chỉ dùng trong mạng nội bộ tin cậy; muốn chỉ máy này dùng, bỏ --listen.",
            args.listen
        ));
        let names = if args.allow_hosts.is_empty() {
            "Máy khác mở trang bằng địa chỉ IP của máy này; muốn mở bằng tên máy, thêm --allow-host TÊN_MÁY.".to_string()
        } else {
            format!(
                "Máy khác mở trang bằng địa chỉ IP của máy này hoặc bằng tên {}.",
                args.allow_hosts.join(", ")
            )
        };
        eprintln_safe(&names);
    }
    say!("Trang tổng hợp thi đua đang chạy tại: {url}");
    if let Some(rules) = &args.rules {
        say!("Quy định chấm điểm: {}", rules.display());
    }
    if let Some(dir) = &args.history {
        say!(
            "Kết quả các năm trước: thư mục {} (mỗi phiên làm việc dùng sẵn, có thể thêm, xóa trên trang).",
            dir.display()
        );
    }
    if !args.rules_choices.is_empty() {
        let names: Vec<String> = args
            .rules_choices
            .iter()
            .map(|p| format!("\"{}\"", p.display()))
            .collect();
        say!(
            "Thư mục này có {} tệp quy định (.toml): {}. Trang web hỏi dùng tệp nào: bấm \"Dùng tệp này\" ở tệp đúng (nên xoá các bản thừa như \"- Copy\"). Dòng lệnh tương đương: thidua serve --open --rules {}",
            names.len(),
            names.join(", "),
            names[0]
        );
    }
    say!("Mở địa chỉ trên bằng trình duyệt (Chrome, Edge, Firefox). Nhấn Ctrl+C để dừng.");
    let province_url = format!("{url}tinh");
    say!(
        "Trang của Ban Thi đua – Khen thưởng tỉnh (tổng hợp kết quả của các khối): {province_url}"
    );
    if !args.province_choices.is_empty() {
        let names: Vec<String> = args
            .province_choices
            .iter()
            .map(|p| format!("\"{}\"", p.display()))
            .collect();
        say!(
            "Thư mục này có {} tệp quy định của tỉnh: {}. Trang của tỉnh hỏi dùng tệp nào.",
            names.len(),
            names.join(", ")
        );
    }
    if let Some(province) = &args.province {
        // "./tinh.toml" found beside thidua is said "tinh.toml".
        let shown = province.strip_prefix(".").unwrap_or(province);
        say!("Quy định thi đua của tỉnh: {}", shown.display());
    }
    if args.open {
        // Started with the province's rules alone: the province's page.
        if args.province.is_some() && args.rules.is_none() {
            open_browser(&province_url);
        } else {
            open_browser(&url);
        }
    }
    match server.run() {
        Ok(()) => super::EXIT_OK,
        Err(e) => fail(format!("trang web dừng vì lỗi: {e}")),
    }
}

/// How many ports after the asked one are tried when it is taken.
const PORTS_TRIED: u16 = 20;

/// Whether thidua's page answers on this computer's `port`: asks
/// `/api/thidua` and waits at most a second or so (another program may
/// hold the port without answering).
fn is_thidua_page(port: u16) -> bool {
    use std::io::{Read as _, Write as _};
    use std::time::Duration;
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let Ok(mut stream) = std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(1)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
    let request =
        format!("GET /api/thidua HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut answer = Vec::new();
    let _ = stream.take(16 * 1024).read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).contains(crate::web::IDENTITY)
}

fn eprintln_safe(message: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "{message}");
}

/// Open `url` in the default browser; a failure only prints a hint.
fn open_browser(url: &str) {
    if !open_in_system(std::ffi::OsStr::new(url)) {
        eprintln_safe(&format!(
            "Không tự mở được trình duyệt; hãy mở {url} bằng tay."
        ));
    }
}

/// Open a web address or a file with the program the system uses for it
/// (the browser, Excel); false when that could not be started. The
/// environment variable THIDUA_NO_BROWSER turns this off (tests, servers).
pub(super) fn open_in_system(target: &std::ffi::OsStr) -> bool {
    if std::env::var_os("THIDUA_NO_BROWSER").is_some() {
        return true;
    }
    let mut command = if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]).arg(target);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = std::process::Command::new("open");
        c.arg(target);
        c
    } else {
        let mut c = std::process::Command::new("xdg-open");
        c.arg(target);
        c
    };
    command.spawn().is_ok()
}

/// `thidua` without arguments (a double click on thidua.exe): the web page
/// on the usual port, with the single .toml of the current folder as the
/// rules when there is one, opened in the browser — or, when the page
/// already runs, that page opened again.
pub fn without_arguments() -> u8 {
    let found = rules_files_in(&[std::path::PathBuf::from(".")]).unwrap_or_default();
    // The province's rules files go to the province's page, the others to
    // the bloc's: one of a kind is used, several are offered.
    let (provinces, blocs): (Vec<_>, Vec<_>) =
        found.into_iter().partition(|p| Province::load(p).is_ok());
    let one_or_choices = |mut paths: Vec<std::path::PathBuf>| match paths.len() {
        1 => (paths.pop(), Vec::new()),
        _ => (None, paths),
    };
    let (rules, rules_choices) = one_or_choices(blocs);
    let (province, province_choices) = one_or_choices(provinces);
    say!(
        "thidua: mở trang tổng hợp thi đua trên máy này (gõ \"thidua --help\" để xem các lệnh dòng lệnh)."
    );
    let code = run(ServeArgs {
        rules,
        port: super::args::DEFAULT_PORT,
        listen: std::net::IpAddr::from([127, 0, 0, 1]),
        open: true,
        allow_hosts: Vec::new(),
        history: None,
        province,
        reuse_running: true,
        rules_choices,
        province_choices,
    });
    // A window opened by a double click closes with the program: keep the
    // message readable.
    use std::io::IsTerminal as _;
    if code != super::EXIT_OK && std::io::stdin().is_terminal() {
        say!("Nhấn Enter để đóng cửa sổ này.");
        let _ = std::io::stdin().read_line(&mut String::new());
    }
    code
}
