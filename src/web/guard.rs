//! Who may ask (ai được gửi yêu cầu): the host names a request may carry
//! (an allow-list, so that a web site cannot reach the page by DNS
//! rebinding, whether the page listens on this computer only or on the
//! network), and the origin of requests that change something (only the
//! page itself may create a session, send, choose or remove a file: a
//! form or script on another site the officer visits may not). Also the
//! safety headers every response carries.
//!
//! Depends on axum's request types and the API's refusals; knows nothing
//! of sessions.

use super::App;
use super::problem::Problem;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

/// The host names a request may carry in its `Host` header.
pub struct Hosts {
    /// Lower-case, each with and without the port.
    names: Vec<String>,
    /// The server listens on every address of the machine (0.0.0.0 or
    /// ::): any address written in digits is accepted too. An address in
    /// digits cannot be re-pointed by a DNS answer, and a request naming
    /// one reached this machine at that address.
    any_address: bool,
    port: u16,
}

impl Hosts {
    /// The allow-list of a server listening on `listen`: the listen
    /// address, `localhost`, `127.0.0.1` and `[::1]`, and `extra` (the
    /// machine's names given with `--allow-host`), each with and without
    /// the port.
    pub fn new(listen: SocketAddr, extra: &[String]) -> Hosts {
        let port = listen.port();
        let mut bare: Vec<String> = ["localhost", "127.0.0.1", "[::1]"]
            .iter()
            .map(|h| h.to_string())
            .collect();
        bare.push(literal(listen.ip()));
        bare.extend(extra.iter().filter_map(|h| allowed_host(h).ok()));
        let mut names = Vec::new();
        for host in bare {
            for name in [format!("{host}:{port}"), host] {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        Hosts {
            names,
            any_address: listen.ip().is_unspecified(),
            port,
        }
    }

    /// Whether a request whose `Host` header is `host` may be answered.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        if self.names.contains(&host) {
            return true;
        }
        if !self.any_address {
            return false;
        }
        let (address, port) = split_port(&host);
        if port.is_some_and(|p| p != self.port) {
            return false;
        }
        match address.strip_prefix('[').and_then(|a| a.strip_suffix(']')) {
            Some(v6) => v6.parse::<Ipv6Addr>().is_ok(),
            None => address.parse::<Ipv4Addr>().is_ok(),
        }
    }
}

/// An address as written in a `Host` header: IPv6 in brackets.
fn literal(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

/// "host:8765" → ("host", Some(8765)); "[::1]" → ("[::1]", None).
fn split_port(host: &str) -> (&str, Option<u16>) {
    match host.rsplit_once(':') {
        Some((name, port))
            if !name.is_empty() && (!name.starts_with('[') || name.ends_with(']')) =>
        {
            match port.parse() {
                Ok(p) => (name, Some(p)),
                Err(_) => (host, Some(0)),
            }
        }
        _ => (host, None),
    }
}

/// A name given with `--allow-host`, as it is compared: a host name
/// (`may-tdkt`, `may-tdkt.local`) or an address, without scheme or port;
/// lower-cased, IPv6 in brackets. The error says what is wrong, in
/// Vietnamese.
pub fn allowed_host(text: &str) -> Result<String, String> {
    let name = text.trim().trim_end_matches('.').to_ascii_lowercase();
    if let Ok(v6) = name.parse::<Ipv6Addr>() {
        return Ok(format!("[{v6}]"));
    }
    if let Some(v6) = name.strip_prefix('[').and_then(|n| n.strip_suffix(']'))
        && let Ok(v6) = v6.parse::<Ipv6Addr>()
    {
        return Ok(format!("[{v6}]"));
    }
    let valid = !name.is_empty()
        && name.len() <= 253
        && name
            .split('.')
            .all(|label| !label.is_empty() && label.len() <= 63)
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_');
    if valid {
        Ok(name)
    } else {
        Err(format!(
            "\"{text}\" không phải tên máy hay địa chỉ IP. Hãy ghi tên máy trong mạng (ví dụ may-tdkt hoặc may-tdkt.local) hoặc địa chỉ IP, không kèm http:// hay số cổng."
        ))
    }
}

/// Whether a request that changes something comes from the page itself:
/// its `Origin`, when present, is the page's own (`http://` and the
/// `Host` it was sent to), and its `Sec-Fetch-Site`, when present, is
/// `same-origin` (or `none`: typed by the user). A request with neither
/// (a program such as curl, not a browser) is allowed.
fn from_the_page(headers: &HeaderMap, host: &str) -> bool {
    if let Some(origin) = headers.get(header::ORIGIN) {
        let Some(authority) = origin
            .to_str()
            .ok()
            .map(str::to_ascii_lowercase)
            .and_then(|o| o.strip_prefix("http://").map(str::to_string))
        else {
            return false;
        };
        let default_port = |a: &str| a.strip_suffix(":80").unwrap_or(a).to_string();
        if default_port(&authority) != default_port(&host.to_ascii_lowercase()) {
            return false;
        }
    }
    match headers.get("sec-fetch-site").map(HeaderValue::to_str) {
        None => true,
        Some(Ok(site)) => matches!(site.to_ascii_lowercase().as_str(), "same-origin" | "none"),
        Some(Err(_)) => false,
    }
}

/// Refuse foreign host names and requests from other sites; add the
/// headers every response carries.
pub async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
        .to_string();
    if !app.hosts.allows(&host) {
        let shown: String = split_port(&host).0.chars().take(100).collect();
        let mut message = format!(
            "Trang thidua không nhận yêu cầu gửi tới tên \"{shown}\". Hãy mở trang bằng địa chỉ thidua in ra khi khởi động (trên chính máy này: http://127.0.0.1:{}/).",
            app.hosts.port
        );
        if allowed_host(&shown).is_ok() {
            message.push_str(&format!(
                " Nếu đó đúng là tên của máy này trong mạng nội bộ, hãy chạy lại thidua serve với --allow-host {shown}."
            ));
        }
        return with_headers(Problem::new(StatusCode::FORBIDDEN, message).into_response());
    }
    if !request.method().is_safe() && !from_the_page(request.headers(), &host) {
        let message = format!(
            "Yêu cầu này đến từ một trang web khác, không phải trang thidua, nên bị từ chối: chỉ chính trang thidua mới được tạo phiên làm việc, gửi, chọn hay xóa tệp. Hãy mở trang thidua tại http://{host}/ và thao tác trên đó."
        );
        return with_headers(Problem::new(StatusCode::FORBIDDEN, message).into_response());
    }
    with_headers(next.run(request).await)
}

fn with_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let fixed = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'none'",
        ),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(text: &str) -> SocketAddr {
        text.parse().unwrap()
    }

    #[test]
    fn on_this_computer_only_the_loopback_names() {
        let hosts = Hosts::new(addr("127.0.0.1:8765"), &[]);
        for ok in [
            "127.0.0.1:8765",
            "localhost:8765",
            "LOCALHOST:8765",
            "[::1]:8765",
            "localhost",
        ] {
            assert!(hosts.allows(ok), "{ok}");
        }
        for no in [
            "",
            "attacker.example:8765",
            "localhost:9999",
            "192.168.1.10:8765",
            "127.0.0.1.nip.io:8765",
            "localhost.:8765",
        ] {
            assert!(!hosts.allows(no), "{no}");
        }
    }

    #[test]
    fn on_the_network_addresses_in_digits_and_the_names_given() {
        let hosts = Hosts::new(addr("0.0.0.0:8765"), &["May-TDKT".into()]);
        for ok in [
            "192.168.1.10:8765",
            "192.168.1.10",
            "[fe80::1]:8765",
            "may-tdkt:8765",
            "MAY-TDKT",
            "localhost:8765",
        ] {
            assert!(hosts.allows(ok), "{ok}");
        }
        for no in [
            "attacker.example:8765",
            "may-tdkt.attacker.example",
            "192.168.1.10:80",
            "192.168.1.010:8765",
            "0x7f.1:8765",
            "[fe80::1:8765",
            "1.2.3.4.nip.io",
        ] {
            assert!(!hosts.allows(no), "{no}");
        }
        // A given address: only it.
        let one = Hosts::new(addr("192.168.1.10:8765"), &[]);
        assert!(one.allows("192.168.1.10:8765"));
        assert!(!one.allows("192.168.1.11:8765"));
    }

    #[test]
    fn names_given_on_the_command_line_are_checked() {
        assert_eq!(allowed_host("May-TDKT.local.").unwrap(), "may-tdkt.local");
        assert_eq!(allowed_host("fe80::1").unwrap(), "[fe80::1]");
        assert_eq!(allowed_host("[FE80::1]").unwrap(), "[fe80::1]");
        for bad in ["", "http://may", "may:8765", "máy", "a b", "a..b"] {
            let e = allowed_host(bad).unwrap_err();
            assert!(e.contains("tên máy"), "{e}");
        }
    }

    #[test]
    fn only_the_page_itself_may_change_things() {
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut h = HeaderMap::new();
            for (k, v) in pairs {
                h.insert(*k, HeaderValue::from_static(v));
            }
            h
        };
        let host = "127.0.0.1:8765";
        assert!(from_the_page(&headers(&[]), host));
        assert!(from_the_page(
            &headers(&[
                ("origin", "http://127.0.0.1:8765"),
                ("sec-fetch-site", "same-origin")
            ]),
            host
        ));
        assert!(from_the_page(
            &headers(&[("origin", "http://localhost")]),
            "localhost:80"
        ));
        for refused in [
            headers(&[("origin", "https://evil.example")]),
            headers(&[("origin", "null")]),
            headers(&[("origin", "http://localhost:8765")]),
            headers(&[("origin", "http://127.0.0.1:3000")]),
            headers(&[("sec-fetch-site", "cross-site")]),
            headers(&[("sec-fetch-site", "same-site")]),
            headers(&[
                ("origin", "http://127.0.0.1:8765"),
                ("sec-fetch-site", "cross-site"),
            ]),
        ] {
            assert!(!from_the_page(&refused, host), "{refused:?}");
        }
    }
}
