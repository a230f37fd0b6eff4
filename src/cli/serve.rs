//! `thidua serve`: the local web page. Resolves the rules file, binds the
//! address, says where the page is, and answers until stopped (Ctrl+C).
//! Also what `thidua` does when started without arguments (a double click
//! on thidua.exe): the page, opened in the browser.

use super::args::{ServeArgs, find_rules};
use super::fail;
use crate::rules::Rules;
use crate::web::{Limits, LoadedRules, Server};
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
    let addr = SocketAddr::new(args.listen, args.port);
    let server = match Server::bind(addr, rules, Limits::default(), &args.allow_hosts) {
        Ok(s) => s.read_with(super::reader()),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && args.reuse_running => {
            // Started again while the page already runs: show that one.
            let url = format!("http://127.0.0.1:{}/", args.port);
            say!("Trang tổng hợp thi đua đã chạy sẵn tại: {url}");
            open_browser(&url);
            return super::EXIT_OK;
        }
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            return fail(format!(
                "cổng {} đang được chương trình khác dùng (có thể thidua đã chạy sẵn: hãy mở http://127.0.0.1:{}). Muốn chạy thêm, dùng cổng khác: thidua serve --port {}",
                args.port,
                args.port,
                args.port.wrapping_add(1).max(1024)
            ));
        }
        Err(e) => return fail(format!("không mở được trang web tại {addr}: {e}")),
    };
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
    say!("Mở địa chỉ trên bằng trình duyệt (Chrome, Edge, Firefox). Nhấn Ctrl+C để dừng.");
    if args.open {
        open_browser(&url);
    }
    match server.run() {
        Ok(()) => super::EXIT_OK,
        Err(e) => fail(format!("trang web dừng vì lỗi: {e}")),
    }
}

fn eprintln_safe(message: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "{message}");
}

/// Open `url` in the default browser; a failure only prints a hint. The
/// environment variable THIDUA_NO_BROWSER turns this off (tests, servers).
fn open_browser(url: &str) {
    if std::env::var_os("THIDUA_NO_BROWSER").is_some() {
        return;
    }
    let mut command = if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", "", url]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = std::process::Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = std::process::Command::new("xdg-open");
        c.arg(url);
        c
    };
    if command.spawn().is_err() {
        eprintln_safe(&format!(
            "Không tự mở được trình duyệt; hãy mở {url} bằng tay."
        ));
    }
}

/// `thidua` without arguments (a double click on thidua.exe): the web page
/// on the usual port, with the single .toml of the current folder as the
/// rules when there is one, opened in the browser — or, when the page
/// already runs, that page opened again.
pub fn without_arguments() -> u8 {
    let rules = find_rules(&[std::path::PathBuf::from(".")]).ok();
    say!(
        "thidua: mở trang tổng hợp thi đua trên máy này (gõ \"thidua --help\" để xem các lệnh dòng lệnh)."
    );
    let code = run(ServeArgs {
        rules,
        port: super::args::DEFAULT_PORT,
        listen: std::net::IpAddr::from([127, 0, 0, 1]),
        open: true,
        allow_hosts: Vec::new(),
        reuse_running: true,
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
