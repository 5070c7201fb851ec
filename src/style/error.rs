//! What is wrong with a style, in Chinese, each problem at its line and column of the style file.

use crate::model::Pos;
use std::fmt;

/// One problem of a style: the setting it concerns and where the style file writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct StyleProblem {
    /// The setting as a dotted path (`page.width_mm`); empty for the file as a whole.
    pub key: String,
    /// Line and column in the style file; none for a style built in code.
    pub pos: Option<Pos>,
    /// What is wrong and what is expected, naming the setting.
    pub message: String,
}

impl fmt::Display for StyleProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pos {
            Some(p) => write!(f, "第 {} 行第 {} 列：{}", p.line, p.col, self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// A style that cannot be used: every problem found, in file order.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct StyleError {
    pub problems: Vec<StyleProblem>,
}

impl fmt::Display for StyleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [one] => write!(f, "{one}"),
            all => {
                write!(f, "共 {} 处", all.len())?;
                all.iter().try_for_each(|p| write!(f, "\n  {p}"))
            }
        }
    }
}
