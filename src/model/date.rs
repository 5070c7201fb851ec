//! Dates as clerks write them (the signature's 日期), read once here for the loader, the checks and
//! the templates.

/// A date in GB/T 9704 style (`2024年1月16日`, no zero padding) from the usual ways of writing it.
pub fn gbt_date(s: &str) -> Option<String> {
    parse_date(s).map(|(y, m, d)| format!("{y}年{m}月{d}日"))
}

/// A date written `2024-01-16`, `2024年1月16日`, `2024.1.16` or `2024/1/16`: (year, month, day).
pub fn parse_date(s: &str) -> Option<(u32, u32, u32)> {
    let digits: Vec<u32> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let rest: String = s.chars().filter(|c| !c.is_ascii_digit()).collect();
    let allowed = rest.chars().all(|c| "年月日-./ ".contains(c));
    match digits.as_slice() {
        [y, m, d] if allowed && (1990..=2200).contains(y) && (1..=12).contains(m) && (1..=31).contains(d) => {
            Some((*y, *m, *d))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_gbt_style() {
        assert_eq!(gbt_date("2024-01-16").as_deref(), Some("2024年1月16日"));
        assert_eq!(gbt_date("2024年1月16日").as_deref(), Some("2024年1月16日"));
        assert_eq!(gbt_date("2024.1.6").as_deref(), Some("2024年1月6日"));
        assert_eq!(gbt_date("一月"), None);
        assert_eq!(gbt_date("2024-13-01"), None);
    }
}
