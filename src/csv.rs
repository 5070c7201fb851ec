//! CSV for the overviews a reviewer or a roll-up's compiler opens in Excel or WPS 表格.

/// RFC 4180 CSV (CRLF line ends, fields quoted where needed) behind a UTF-8 byte-order mark, which
/// Excel and WPS need to read Chinese.
pub fn write(rows: &[Vec<String>]) -> String {
    let mut out = String::from('\u{feff}');
    for row in rows {
        for (i, field) in row.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            if field.contains([',', '"', '\r', '\n']) {
                out.push('"');
                out.push_str(&field.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(field);
            }
        }
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn quotes_only_fields_that_need_it() {
        let rows = vec![vec!["a,b".to_string(), "say \"x\"".into(), "平".into()], vec!["1".into()]];
        assert_eq!(super::write(&rows), "\u{feff}\"a,b\",\"say \"\"x\"\"\",平\r\n1\r\n");
    }
}
