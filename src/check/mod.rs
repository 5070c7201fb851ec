//! Consistency checks (勾稽关系) of a loaded report, grouped by table; each finding names its rule id
//! from RULES.md. Arithmetic identities of the tables are errors; readings of numbers out of prose and
//! other heuristics are warnings.

mod prose;
mod structure;
mod tables;
mod years;

use crate::model::{Pos, Report};
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
    pub rule: &'static str,
    pub severity: Severity,
    pub pos: Option<Pos>,
    pub message: String,
}

impl Finding {
    pub fn error(rule: &'static str, pos: impl Into<Option<Pos>>, message: impl Into<String>) -> Self {
        Finding { rule, severity: Severity::Error, pos: pos.into(), message: message.into() }
    }

    pub fn warning(rule: &'static str, pos: impl Into<Option<Pos>>, message: impl Into<String>) -> Self {
        Finding { rule, severity: Severity::Warning, pos: pos.into(), message: message.into() }
    }

    pub fn info(rule: &'static str, pos: impl Into<Option<Pos>>, message: impl Into<String>) -> Self {
        Finding { rule, severity: Severity::Info, pos: pos.into(), message: message.into() }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]: {}", self.severity.label(), self.rule, self.message)
    }
}

/// Every rule id the checker and the loader can emit, with its severity and a one-line summary.
/// The book has a section per id (a test keeps the two in step).
pub const RULES: &[(&str, Severity, &str)] = &[
    // Data-file rules (loading).
    ("D-SYNTAX", Severity::Error, "YAML 语法错误"),
    ("D-ENCODING", Severity::Error, "文件不是 UTF-8 编码"),
    ("D-EMPTY", Severity::Error, "数据文件为空"),
    ("D-TOO-LARGE", Severity::Error, "数据文件过大"),
    ("D-ALIAS", Severity::Error, "锚点与别名展开过多"),
    ("D-TYPE", Severity::Error, "值的类型不对（应为映射、列表或文字）"),
    ("D-UNKNOWN-KEY", Severity::Error, "未知字段"),
    ("D-DUP-KEY", Severity::Error, "字段重复"),
    ("D-MISSING", Severity::Error, "缺少必填字段"),
    ("D-NUMBER", Severity::Error, "数字填写不规范"),
    ("D-ROW-LEN", Severity::Error, "一行的数字个数不对"),
    ("D-YEAR", Severity::Error, "年度不在支持范围"),
    ("D-EDITION", Severity::Error, "格式版本与年度不符或无效"),
    ("D-EDITION-KEY", Severity::Error, "字段属于另一版格式"),
    ("D-DATE", Severity::Error, "落款日期无法识别"),
    // Table 三.
    ("T3-IDENT", Severity::Error, "每列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度"),
    ("T3-R7-SUM", Severity::Error, "（七）总计等于各项办理结果之和"),
    ("T3-ROW-TOT", Severity::Error, "每行“总计”等于六类申请人之和"),
    // Table 四.
    ("T4-RV-SUM", Severity::Error, "行政复议总计等于四项结果之和"),
    ("T4-LD-SUM", Severity::Error, "未经复议直接起诉总计等于四项结果之和"),
    ("T4-LR-SUM", Severity::Error, "复议后起诉总计等于四项结果之和"),
    ("T4-LR-LE-RV", Severity::Warning, "复议后起诉数一般不多于已审结的行政复议数"),
    // Table 二.
    ("T2-VALID-GE-MADE", Severity::Warning, "现行有效件数不少于本年制发件数"),
    ("T2-FEE-UNIT", Severity::Warning, "行政事业性收费金额单位应为万元"),
    ("T2-REG-POWER", Severity::Error, "无规章制定权的机关不应填报规章"),
    ("T2-COLS-2021", Severity::Warning, "2021年及以后的报告应使用2021年版表格"),
    // Cross-year.
    ("XY-CARRY", Severity::Error, "上年结转等于上一年度的结转下年度"),
    ("T2-VALID-ROLL", Severity::Warning, "现行有效件数等于上年现行有效 + 本年制发 − 本年废止"),
    ("XY-SPIKE", Severity::Info, "主要数字与上年相比变化五倍以上"),
    ("XY-COPY", Severity::Warning, "正文各部分不应照搬上年报告"),
    // Sections and prose.
    ("S-SEC5", Severity::Warning, "第五部分不应为空或“无”"),
    ("S-SEC6-FEE", Severity::Warning, "2021年起第六部分应说明信息处理费收取情况"),
    ("S-SEC6-TOPICS", Severity::Info, "2021年起第六部分还应报告工作要点落实、建议提案办理和工作创新"),
    ("S-FILL", Severity::Warning, "正文不应留有“（请填写……）”提示"),
    ("S-PERIOD", Severity::Error, "标题和统计期限的年度与报告年度一致"),
    ("S-DEADLINE", Severity::Warning, "报告在法定期限内公开（部门、乡镇1月31日，县级以上人民政府3月31日）"),
    ("PRO-NEW", Severity::Warning, "正文所述收到申请数与表三一致"),
    ("PRO-CIN", Severity::Warning, "正文所述上年结转数与表三一致"),
    ("PRO-COUT", Severity::Warning, "正文所述结转下年度数与表三一致"),
    ("PRO-RESULTS", Severity::Warning, "正文所述办理结果数与表三一致"),
    ("PRO-T4", Severity::Warning, "正文所述行政复议、行政诉讼数与表四一致"),
    ("PRO-SUM", Severity::Warning, "正文“共N条，其中……”各分项之和等于N"),
    ("PRO-T4-OUTCOME", Severity::Warning, "正文“均获维持”等说法与表四的结果一致"),
];

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
    sort(&mut out);
    out
}

/// Sorts findings by position, then severity (findings without a position last).
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by_key(|f| (f.pos.is_none(), f.pos, f.severity));
}

/// True when any finding is an error.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}
