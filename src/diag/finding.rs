//! What a check or the loader reports: a rule, a severity, a position and a Chinese message.

use super::Rule;
use crate::model::Pos;
use std::fmt;

/// How serious a finding is. Errors stop rendering; warnings and notes do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    /// The Chinese word printed before the rule id.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }

    /// The machine-readable name used in `--format json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One problem found in a data file: what rule, how serious, where, and a Chinese message that gives
/// the values on both sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    pub pos: Option<Pos>,
    pub message: String,
    /// Where in a workbook, for a report read from one (`表三!D7`); `pos` is then `None`.
    pub cell: Option<Box<Cell>>,
}

/// A cell (or a whole sheet) of a workbook, with the official label of what it holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Cell {
    pub sheet: String,
    /// `D7`; `None` for the whole sheet.
    pub cell: Option<String>,
    pub label: String,
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.cell {
            Some(c) => write!(f, "{}!{c}", self.sheet)?,
            None => write!(f, "{}", self.sheet)?,
        }
        if !self.label.is_empty() && self.label != self.sheet {
            write!(f, "（{}）", self.label)?;
        }
        Ok(())
    }
}

impl Finding {
    /// A finding of `rule` at its default severity.
    pub fn new(rule: Rule, pos: impl Into<Option<Pos>>, message: impl Into<String>) -> Self {
        Finding { rule, severity: rule.severity(), pos: pos.into(), message: message.into(), cell: None }
    }

    /// The same finding located at a workbook cell instead of a line.
    #[must_use]
    pub fn at_cell(self, cell: Cell) -> Self {
        Finding { pos: None, cell: Some(Box::new(cell)), ..self }
    }

    /// The same finding at another severity, for a check that is less (or more) sure than its rule
    /// usually is.
    #[must_use]
    pub fn with_severity(self, severity: Severity) -> Self {
        Finding { severity, ..self }
    }
}

/// In JSON (`check --format json`, a server's answers): `{rule, severity, line, column, message}`.
impl serde::Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut m = s.serialize_struct("Finding", if self.cell.is_some() { 6 } else { 5 })?;
        m.serialize_field("rule", &self.rule)?;
        m.serialize_field("severity", self.severity.as_str())?;
        m.serialize_field("line", &self.pos.map(|p| p.line))?;
        m.serialize_field("column", &self.pos.map(|p| p.col))?;
        m.serialize_field("message", &self.message)?;
        if let Some(cell) = &self.cell {
            m.serialize_field("cell", cell)?;
        }
        m.end()
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]: {}", self.severity.label(), self.rule, self.message)
    }
}

/// Sorts findings by position, then severity (findings without a position last).
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by_key(|f| (f.pos.is_none(), f.pos, f.severity));
}

/// True when any finding is an error.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}
