//! A cell's value decoded as its field's kind, with the loader's wording for what is wrong; cell
//! references as Excel and LibreOffice write them.

use super::layout::{Field, Kind};
use crate::model::Money;
use calamine::Data;

/// A decoded cell value.
#[derive(Debug, Clone)]
pub(super) enum Value {
    Count(u64),
    Signed(i64),
    Money(Money),
    Text(String),
}

/// A cell's text as shown (numbers without a trailing `.0`).
pub(super) fn data_text(v: &Data) -> String {
    match v {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) => format!("{f}"),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) => excel_date(d.as_f64()),
        Data::Error(e) => format!("{e}"),
    }
}

pub(super) fn number_of(v: &Data) -> Option<f64> {
    match v {
        Data::Int(n) => Some(*n as f64),
        Data::Float(f) => Some(*f),
        _ => None,
    }
}

/// An Excel date serial as `2024-01-16` (days since 1899-12-30).
fn excel_date(serial: f64) -> String {
    let days = serial.floor() as i64 - 25569; // to days since 1970-01-01
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y}-{m:02}-{d:02}")
}

/// A cell's value as its field's kind, or the loader's message for what is wrong with it.
pub(super) fn decode(field: &Field, v: &Data) -> Result<Value, String> {
    let label = &field.label;
    let shown = data_text(v);
    let text = shown.trim();
    let not = |expected: &str| format!("“{label}”填写了“{text}”：{expected}");
    match field.kind {
        Kind::Text => Ok(Value::Text(text.to_string())),
        _ if text.is_empty() => Err(format!("“{label}”没有填写：应填数字，没有请填 0")),
        Kind::Count => match v {
            Data::Int(n) if *n >= 0 => Ok(Value::Count(*n as u64)),
            Data::Float(f) if *f >= 0.0 && f.fract() == 0.0 && *f <= 1e15 => Ok(Value::Count(*f as u64)),
            Data::Float(f) if *f < 0.0 => Err(not("应为非负整数，不能是负数（没有请填 0）")),
            Data::Float(_) => Err(not("应为非负整数，件数不能有小数")),
            Data::String(_) => text.parse().map(Value::Count).map_err(|_| not("应为非负整数（没有请填 0）")),
            _ => Err(not("应为非负整数（没有请填 0）")),
        },
        Kind::Signed => match v {
            Data::Int(n) => Ok(Value::Signed(*n)),
            Data::Float(f) if f.fract() == 0.0 && f.abs() <= 1e15 => Ok(Value::Signed(*f as i64)),
            Data::String(_) => text
                .trim_start_matches('+')
                .parse()
                .map(Value::Signed)
                .map_err(|_| not("应为整数（可为负数，没有请填 0）")),
            _ => Err(not("应为整数（可为负数，没有请填 0）")),
        },
        Kind::Money(unit) => {
            let written = match v {
                Data::Int(_) | Data::Float(_) | Data::String(_) => text.to_string(),
                _ => String::new(),
            };
            Money::parse(&written).map(Value::Money).ok_or_else(|| {
                not(&format!("应为不小于 0 的金额（{}），只写数字，最多 6 位小数", unit.name()))
            })
        }
    }
}

/// `'表三'!$D$7`, `表三!D7`, `$表三.$D$7` (LibreOffice's ODS) → sheet, row, column.
pub(super) fn parse_ref(formula: &str) -> Option<(String, u32, u16)> {
    let f = formula.trim().trim_start_matches('=');
    let (sheet, cell) = match f.rfind('!') {
        Some(i) => (&f[..i], &f[i + 1..]),
        None => f.rsplit_once('.')?,
    };
    let sheet = sheet.trim_start_matches('$').trim_matches('\'').replace("''", "'");
    let cell = cell.split(':').next()?.replace('$', "");
    let cell = cell.trim_start_matches('.');
    let letters: String = cell.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let digits = &cell[letters.len()..];
    if letters.is_empty() || letters.len() > 3 || sheet.is_empty() || sheet.starts_with('#') {
        return None;
    }
    let row: u32 = digits.parse().ok().filter(|r| *r >= 1)?;
    let col = letters.to_ascii_uppercase().bytes().fold(0u32, |n, b| n * 26 + (b - b'A' + 1) as u32);
    Some((sheet, row - 1, u16::try_from(col - 1).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_of_excel_and_libreoffice() {
        assert_eq!(parse_ref("'表三'!$D$7"), Some(("表三".into(), 6, 3)));
        assert_eq!(parse_ref("表三!AA10"), Some(("表三".into(), 9, 26)));
        assert_eq!(parse_ref("$表三.$D$7"), Some(("表三".into(), 6, 3)));
        assert_eq!(parse_ref("#REF!$D$7"), None);
        assert_eq!(parse_ref("'表三'!#REF!"), None);
    }

    #[test]
    fn date_serials() {
        assert_eq!(excel_date(45307.0), "2024-01-16");
        assert_eq!(excel_date(43831.0), "2020-01-01");
    }
}
