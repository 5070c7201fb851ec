//! The creation date DOCX and PDF record in their metadata.
//!
//! The same data and options must give the same bytes, so the date never comes from the clock.
//! [`creation_date`] takes, in this order:
//! 1. `SOURCE_DATE_EPOCH` (whole seconds since 1970-01-01 UTC) when it is set: the
//!    reproducible-builds convention for pinning the date of everything a build makes;
//! 2. the document's 落款 date (the date the report is signed), at 00:00 UTC;
//! 3. nothing: PDF and DOCX then carry no creation date. Where a format requires one (the entries
//!    of the ZIP a DOCX is, a PDF/A) it gets [`Stamp::FIXED`], 1980-01-01 00:00 UTC, the earliest
//!    time a ZIP can hold.
//!
//! The book's “输出格式” page says the same to users.

use crate::doc::{Block, Document};

/// A moment in UTC, to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

impl Stamp {
    /// The date written where a format requires one and there is none (see the module docs).
    pub const FIXED: Stamp = Stamp { year: 1980, month: 1, day: 1, hour: 0, minute: 0, second: 0 };

    /// Midnight UTC of a calendar date; `None` for a date that does not exist or a year outside
    /// 1970–9999 (what PDF and DOCX dates can carry).
    pub fn date(year: u16, month: u8, day: u8) -> Option<Stamp> {
        let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1970..=9999).contains(&year) && (1..=days).contains(&day)).then_some(Stamp {
            year,
            month,
            day,
            hour: 0,
            minute: 0,
            second: 0,
        })
    }

    /// The moment `secs` seconds after 1970-01-01 00:00 UTC (up to the end of year 9999).
    pub fn from_unix(secs: u64) -> Option<Stamp> {
        let (days, rem) = (secs / 86_400, secs % 86_400);
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
        let z = i64::try_from(days).ok()? + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = u16::try_from(yoe + era * 400 + i64::from(month <= 2)).ok()?;
        let date = Stamp::date(year, month, day)?;
        Some(Stamp {
            hour: (rem / 3600) as u8,
            minute: (rem % 3600 / 60) as u8,
            second: (rem % 60) as u8,
            ..date
        })
    }

    /// ISO 8601 in UTC, as DOCX core properties want it: `2024-01-16T00:00:00Z`.
    pub fn iso(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// The creation date of `doc`'s files (see the module docs) and, when `source_date_epoch` (the
/// value of `SOURCE_DATE_EPOCH`) is set but not a date, a notice saying it was ignored.
pub fn creation_date(doc: &Document, source_date_epoch: Option<&str>) -> (Option<Stamp>, Option<String>) {
    let signed = || signature_date(doc);
    match source_date_epoch.map(str::trim).filter(|v| !v.is_empty()) {
        None => (signed(), None),
        Some(value) => match value.parse().ok().and_then(Stamp::from_unix) {
            Some(stamp) => (Some(stamp), None),
            None => (
                signed(),
                Some(format!(
                    "环境变量 SOURCE_DATE_EPOCH 的值“{value}”不是 1970 年以来的整秒数（如 1705372245），已忽略"
                )),
            ),
        },
    }
}

/// The 落款 date, when the document has one in GB/T 9704 form (`2024年1月16日`, as templates write it).
fn signature_date(doc: &Document) -> Option<Stamp> {
    doc.blocks.iter().rev().find_map(|b| match b {
        Block::Signature { date, .. } => gbt_date(date),
        _ => None,
    })
}

/// `2024年1月16日` → that date.
fn gbt_date(text: &str) -> Option<Stamp> {
    let (year, rest) = text.trim().split_once('年')?;
    let (month, rest) = rest.split_once('月')?;
    let day = rest.strip_suffix('日')?;
    Stamp::date(year.trim().parse().ok()?, month.trim().parse().ok()?, day.trim().parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Meta;

    fn signed(date: &str) -> Document {
        Document {
            meta: Meta { title: "t".into(), author: "a".into(), language: "zh-CN".into(), draft: false },
            blocks: vec![Block::Signature { unit: "某某局".into(), date: date.into() }],
        }
    }

    #[test]
    fn unix_seconds_become_civil_time() {
        assert_eq!(Stamp::from_unix(0).map(|s| s.iso()).as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(Stamp::from_unix(1_705_372_245).map(|s| s.iso()).as_deref(), Some("2024-01-16T02:30:45Z"));
        assert_eq!(Stamp::from_unix(951_782_400).map(|s| s.iso()).as_deref(), Some("2000-02-29T00:00:00Z"));
        assert_eq!(Stamp::from_unix(253_402_300_800), None, "year 10000");
    }

    #[test]
    fn epoch_first_then_signature_then_nothing() {
        let doc = signed("2024年1月16日");
        let jan16 = Stamp::date(2024, 1, 16);
        assert_eq!(creation_date(&doc, None), (jan16, None));
        assert_eq!(creation_date(&doc, Some("0")).0, Stamp::from_unix(0));
        assert_eq!(creation_date(&doc, Some(" ")), (jan16, None));
        let (date, notice) = creation_date(&doc, Some("yesterday"));
        assert_eq!(date, jan16);
        assert!(notice.is_some_and(|n| n.contains("yesterday")));
        assert_eq!(creation_date(&signed(""), None), (None, None));
        assert_eq!(creation_date(&signed("2024年2月30日"), None), (None, None));
        assert_eq!(creation_date(&signed("二〇二四年一月十六日"), None), (None, None));
    }
}
