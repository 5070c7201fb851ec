//! Consistency checks (勾稽关系) of a loaded report, grouped by table; each finding names its
//! [`Rule`](crate::diag::Rule), described in the book's 校验规则 page (`book/src/rules.md`).
//! Arithmetic identities of the tables are errors; readings of numbers out of prose and other
//! heuristics are warnings.

mod prose;
mod structure;
pub(crate) mod tables;
pub(crate) mod years;

use crate::diag;
use crate::model::Report;

// `check` returns findings: their types are re-exported here from `diag`, which the loader shares.
pub use crate::diag::{Finding, Severity, has_errors};

/// Checks one report; `previous` is last year's report of the same agency, for the cross-year rules.
/// Findings come sorted by position.
pub fn check(report: &Report, previous: Option<&Report>) -> Vec<Finding> {
    let mut out = Vec::new();
    tables::check_requests(report, &mut out);
    tables::check_appeals(report, &mut out);
    tables::check_proactive(report, &mut out);
    if let Some(prev) = previous {
        tables::check_carry(report, prev, &mut out);
        years::check(report, prev, &mut out);
    }
    structure::check(report, &mut out);
    prose::check(report, &mut out);
    diag::sort(&mut out);
    out
}
