//! The checks every request passes before a handler sees it: the `Host` and `Origin` are this
//! server's own address, and a request that changes or reads files carries the page's token.

use super::App;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;

/// The header that carries the token.
pub(crate) const TOKEN_HEADER: &str = "x-xxgk-token";

/// 128 random bits as hex, from the operating system's seed of std's hash maps (no extra crate).
pub(crate) fn new_token() -> String {
    let mut out = String::new();
    for _ in 0..2 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos(),
        );
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}

fn refuse(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(serde_json::json!({ "error": message }))).into_response()
}

/// Refuses requests for another host or from another origin, and POSTs without the token.
pub(crate) async fn check(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    if !host_ok(&app, headers) {
        return refuse(StatusCode::FORBIDDEN, "拒绝访问：请求的地址不是本机服务的地址");
    }
    if !origin_ok(&app, headers) {
        return refuse(StatusCode::FORBIDDEN, "拒绝访问：请求来自其他网页");
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let token = headers.get(TOKEN_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
        if !same(token.as_bytes(), app.token.as_bytes()) {
            return refuse(StatusCode::FORBIDDEN, "拒绝访问：缺少或错误的页面令牌，请重新打开页面");
        }
    }
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    // The page's own script and style only; the preview frame holds the report's inline style.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static(
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        ),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, header::HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, header::HeaderValue::from_static("no-referrer"));
    response
}

fn host_ok(app: &App, headers: &HeaderMap) -> bool {
    headers.get(header::HOST).and_then(|v| v.to_str().ok()).is_some_and(|h| app.hosts.iter().any(|a| a == h))
}

/// No `Origin` (a plain navigation) or this server's own.
fn origin_ok(app: &App, headers: &HeaderMap) -> bool {
    match headers.get(header::ORIGIN) {
        None => true,
        Some(v) => v
            .to_str()
            .ok()
            .and_then(|o| o.strip_prefix("http://"))
            .is_some_and(|o| app.hosts.iter().any(|a| a == o)),
    }
}

/// Comparison in time independent of where the first difference is.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_differ_and_are_long() {
        let (a, b) = (super::new_token(), super::new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert!(super::same(a.as_bytes(), a.as_bytes()) && !super::same(a.as_bytes(), b.as_bytes()));
    }
}
