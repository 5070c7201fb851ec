//! Bytes to text for the text-based forms (HTML, plain text): a byte-order mark, else the charset
//! the page declares, else UTF-8 when the bytes are valid UTF-8, else GB18030 (a superset of GBK
//! and GB2312, what Chinese Windows saves as “ANSI”).

use encoding_rs::{Encoding, GB18030, UTF_8};

/// The text of `bytes` and the name of the encoding used. `declared` is the label a page gave
/// (`<meta charset>`), if any.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> (String, &'static str) {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return (text.into_owned(), enc.name());
    }
    let enc = match declared.and_then(|l| Encoding::for_label(l.trim().as_bytes())) {
        // A page declaring GBK or GB2312 may hold any GB18030 character; decode with the superset.
        Some(enc) if enc == encoding_rs::GBK => GB18030,
        Some(enc) => enc,
        None if std::str::from_utf8(bytes).is_ok() => UTF_8,
        None => GB18030,
    };
    let (text, _) = enc.decode_without_bom_handling(bytes);
    (text.into_owned(), enc.name())
}

/// The charset an HTML page declares in its first few kilobytes (`<meta charset="gbk">` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`).
pub fn html_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(4096)];
    let head: String =
        head.iter().map(|&b| if b.is_ascii() { b.to_ascii_lowercase() as char } else { ' ' }).collect();
    let mut from = 0;
    while let Some(i) = head[from..].find("charset") {
        let rest = head[from + i + 7..].trim_start();
        from += i + 7;
        let Some(rest) = rest.strip_prefix('=') else { continue };
        let label: String = rest
            .trim_start_matches([' ', '"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
            .collect();
        if !label.is_empty() {
            return Some(label);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_gbk_and_undeclared_gb18030() {
        let (bytes, _, _) = GB18030.encode("政府信息公开");
        assert_eq!(decode(&bytes, Some("gb2312")).0, "政府信息公开");
        assert_eq!(decode(&bytes, None), ("政府信息公开".to_string(), "gb18030"));
        assert_eq!(decode("政府".as_bytes(), None).1, "UTF-8");
        assert_eq!(
            html_charset(b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=GB2312\">"),
            Some("gb2312".into())
        );
        assert_eq!(html_charset(b"<meta charset=\"utf-8\">"), Some("utf-8".into()));
        assert_eq!(html_charset(b"<p>charset</p>"), None);
    }
}
