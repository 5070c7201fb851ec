//! Exact decimal amounts for money cells: summed and subtracted digit for digit, never through
//! `f64`, so that a thousand members' fees add up to the cent.

use crate::model::Money;

/// `units / 10^scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Decimal {
    units: i128,
    scale: u32,
}

impl Decimal {
    pub(crate) const ZERO: Decimal = Decimal { units: 0, scale: 0 };

    /// The amount a money cell's text states (`7730.28`); `None` for text the loader never accepts.
    pub(crate) fn parse(text: &str) -> Option<Decimal> {
        let (int, frac) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
        let digits = format!("{int}{frac}");
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) || frac.len() > 18 {
            return None;
        }
        Some(Decimal { units: digits.parse().ok()?, scale: frac.len() as u32 })
    }

    pub(crate) fn of(money: &Money) -> Decimal {
        // The loader accepts digits and one point only; the exact value stands behind any other text.
        Decimal::parse(&money.text)
            .unwrap_or(Decimal { units: i128::from(money.millionths), scale: Money::MAX_DECIMALS as u32 })
    }

    fn at(self, scale: u32) -> i128 {
        self.units * 10i128.pow(scale - self.scale)
    }

    pub(crate) fn add(self, other: Decimal) -> Decimal {
        let scale = self.scale.max(other.scale);
        Decimal { units: self.at(scale) + other.at(scale), scale }
    }

    pub(crate) fn sub(self, other: Decimal) -> Decimal {
        let scale = self.scale.max(other.scale);
        Decimal { units: self.at(scale) - other.at(scale), scale }
    }

    pub(crate) fn is_zero(self) -> bool {
        self.units == 0
    }

    /// As a data file writes it: the digits after the point the most precise member wrote.
    pub(crate) fn text(self) -> String {
        let sign = if self.units < 0 { "-" } else { "" };
        let digits = self.units.unsigned_abs().to_string();
        if self.scale == 0 {
            return format!("{sign}{digits}");
        }
        let digits = format!("{digits:0>width$}", width = self.scale as usize + 1);
        let (int, frac) = digits.split_at(digits.len() - self.scale as usize);
        format!("{sign}{int}.{frac}")
    }

    /// The money value, its text as the most precise member wrote it.
    pub(crate) fn money(self) -> Money {
        let text = self.text();
        Money::parse(&text).unwrap_or_else(|| {
            // More than the loader reads (a negative or over-long amount): the text is written as it
            // is, and loading the written file back refuses it with a located message.
            let millionths = match Money::MAX_DECIMALS.checked_sub(self.scale as usize) {
                Some(up) => self.units.saturating_mul(10i128.pow(up as u32)),
                None => self.units / 10i128.pow(self.scale - Money::MAX_DECIMALS as u32),
            };
            Money { millionths: u64::try_from(millionths).unwrap_or(0), text }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_are_exact() {
        let d = |s| Decimal::parse(s).unwrap();
        assert_eq!(d("326.58").add(d("100")).text(), "426.58");
        assert_eq!(d("0.1").add(d("0.2")).text(), "0.3");
        assert_eq!(d("0.05").sub(d("1.5")).text(), "-1.45");
        assert_eq!(d("7730.2800").text(), "7730.2800");
        let mut total = Decimal::ZERO;
        for _ in 0..1000 {
            total = total.add(d("0.01"));
        }
        assert_eq!(total.text(), "10.00");
        assert_eq!(Decimal::parse("1e5"), None);
    }
}
