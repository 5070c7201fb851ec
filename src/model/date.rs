//! Dates as clerks write them (the signature's 日期), read once here for the loader, the checks and
//! the templates.

/// Earliest and latest year a report date may carry (the 条例 took effect in 2008; before 1990 or
/// after 2200 it is a typo).
const YEARS: std::ops::RangeInclusive<u32> = 1990..=2200;

/// Why a text is not a date; the text reads on from “落款“日期”“…””.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not three numbers with 年/月/日, `-`, `.` or `/` between them.
    #[error("无法识别：应写作 2024年1月16日 或 2024-01-16")]
    Unrecognised,
    #[error("有误：年份 {0} 不在 1990—2200 年之间")]
    Year(u32),
    #[error("有误：没有{0}月，月份应为 1—12")]
    Month(u32),
    #[error("有误：{year}年{month}月没有{day}日，这个月只有 {last} 天")]
    Day { year: u32, month: u32, day: u32, last: u32 },
}

/// A date in GB/T 9704 style (`2024年1月16日`, no zero padding) from the usual ways of writing it.
pub fn gbt_date(s: &str) -> Option<String> {
    read_gbt_date(s).ok()
}

/// As [`gbt_date`], or why `s` is not a date.
pub fn read_gbt_date(s: &str) -> Result<String, DateError> {
    read_date(s).map(|(y, m, d)| format!("{y}年{m}月{d}日"))
}

/// A date written `2024-01-16`, `2024年1月16日`, `2024.1.16` or `2024/1/16` that exists in the
/// calendar: (year, month, day).
pub fn parse_date(s: &str) -> Option<(u32, u32, u32)> {
    read_date(s).ok()
}

/// As [`parse_date`], or why `s` is not a date.
pub fn read_date(s: &str) -> Result<(u32, u32, u32), DateError> {
    let groups: Vec<&str> = s.split(|c: char| !c.is_ascii_digit()).filter(|p| !p.is_empty()).collect();
    let allowed = s.chars().filter(|c| !c.is_ascii_digit()).all(|c| "年月日-./ ".contains(c));
    let [y, m, d] = groups.as_slice() else { return Err(DateError::Unrecognised) };
    let (Ok(year), Ok(month), Ok(day)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return Err(DateError::Unrecognised);
    };
    if !allowed {
        return Err(DateError::Unrecognised);
    }
    if !YEARS.contains(&year) {
        // `16/1/2024` is another order, not a wrong year.
        return Err(if y.len() == 4 { DateError::Year(year) } else { DateError::Unrecognised });
    }
    if !(1..=12).contains(&month) {
        return Err(DateError::Month(month));
    }
    let last = days_in_month(year, month);
    if !(1..=last).contains(&day) {
        return Err(DateError::Day { year, month, day, last });
    }
    Ok((year, month, day))
}

/// Days in a month of the Gregorian calendar.
fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
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
        assert_eq!(gbt_date("2024/12/31").as_deref(), Some("2024年12月31日"));
        assert_eq!(gbt_date("一月"), None);
        assert_eq!(gbt_date("2024-13-01"), None);
    }

    #[test]
    fn only_days_of_the_calendar() {
        assert_eq!(parse_date("2024-02-29"), Some((2024, 2, 29)));
        assert_eq!(parse_date("2000-02-29"), Some((2000, 2, 29)));
        for (text, why) in [
            ("2024-02-30", "有误：2024年2月没有30日，这个月只有 29 天"),
            ("2023年2月29日", "有误：2023年2月没有29日，这个月只有 28 天"),
            ("2100-02-29", "有误：2100年2月没有29日，这个月只有 28 天"),
            ("2024-04-31", "有误：2024年4月没有31日，这个月只有 30 天"),
            ("2024-01-00", "有误：2024年1月没有0日，这个月只有 31 天"),
            ("2024-13-01", "有误：没有13月，月份应为 1—12"),
            ("2024-00-10", "有误：没有0月，月份应为 1—12"),
            ("1024-01-16", "有误：年份 1024 不在 1990—2200 年之间"),
            ("16/1/2024", "无法识别：应写作 2024年1月16日 或 2024-01-16"),
            ("2024年1月", "无法识别：应写作 2024年1月16日 或 2024-01-16"),
            ("2024年1月16号", "无法识别：应写作 2024年1月16日 或 2024-01-16"),
            ("2024-1-99999999999", "无法识别：应写作 2024年1月16日 或 2024-01-16"),
        ] {
            assert_eq!(read_date(text).map_err(|e| e.to_string()), Err(why.to_string()), "{text}");
        }
    }
}
