//! The rules: one variant per rule id, with its default severity and Chinese summary stated once,
//! in the table below. The book's 校验规则 page has a section per rule (a test keeps the two in step).

use super::Severity;
use std::fmt;

/// Declares [`Rule`] from one table: `Variant = "ID", default severity, "summary";`.
macro_rules! rules {
    ($( $(#[$attr:meta])* $variant:ident = $id:literal, $severity:ident, $summary:literal; )+) => {
        /// A rule a finding (or a template's structure error) is reported under. It prints and
        /// serialises as its id (`T3-IDENT`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $( #[doc = $summary] $(#[doc = ""] #[$attr])* $variant, )+
        }

        impl Rule {
            /// Every rule, in the order of the book's 校验规则 page.
            pub const ALL: &[Rule] = &[$(Rule::$variant),+];

            /// The id printed in brackets (`错误[T3-IDENT]`), in JSON and in the book.
            pub const fn id(self) -> &'static str {
                match self { $(Rule::$variant => $id,)+ }
            }

            /// The severity findings of this rule have, unless the check says otherwise
            /// ([`Finding::with_severity`](super::Finding::with_severity)).
            pub const fn severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$severity,)+ }
            }

            /// What the rule asks for, in one Chinese line.
            pub const fn summary(self) -> &'static str {
                match self { $(Rule::$variant => $summary,)+ }
            }
        }
    };
}

rules! {
    // Data-file rules (loading).
    DSyntax = "D-SYNTAX", Error, "YAML 语法错误";
    DEncoding = "D-ENCODING", Error, "文件不是 UTF-8 编码";
    DEmpty = "D-EMPTY", Error, "数据文件为空";
    DTooLarge = "D-TOO-LARGE", Error, "数据文件过大";
    DAlias = "D-ALIAS", Error, "锚点与别名展开过多";
    DType = "D-TYPE", Error, "值的类型不对（应为映射、列表或文字）";
    DUnknownKey = "D-UNKNOWN-KEY", Error, "未知字段";
    DDupKey = "D-DUP-KEY", Error, "字段重复";
    DMissing = "D-MISSING", Error, "缺少必填字段";
    DNumber = "D-NUMBER", Error, "数字填写不规范";
    DRowLen = "D-ROW-LEN", Error, "一行的数字个数不对";
    DYear = "D-YEAR", Error, "年度不在支持范围";
    DEdition = "D-EDITION", Error, "格式版本与年度不符或无效";
    DEditionKey = "D-EDITION-KEY", Error, "字段属于另一版格式";
    DDate = "D-DATE", Error, "落款日期无法识别";
    // Table 三.
    T3Ident = "T3-IDENT", Error, "每列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度";
    T3R7Sum = "T3-R7-SUM", Error, "（七）总计等于各项办理结果之和";
    T3RowTot = "T3-ROW-TOT", Error, "每行“总计”等于六类申请人之和";
    // Table 四.
    T4RvSum = "T4-RV-SUM", Error, "行政复议总计等于四项结果之和";
    T4LdSum = "T4-LD-SUM", Error, "未经复议直接起诉总计等于四项结果之和";
    T4LrSum = "T4-LR-SUM", Error, "复议后起诉总计等于四项结果之和";
    T4LrLeRv = "T4-LR-LE-RV", Warning, "复议后起诉数一般不多于已审结的行政复议数";
    // Table 二.
    T2ValidGeMade = "T2-VALID-GE-MADE", Warning, "现行有效件数不少于本年制发件数";
    T2ValidRoll = "T2-VALID-ROLL", Warning, "现行有效件数等于上年现行有效 + 本年制发 − 本年废止";
    T2FeeUnit = "T2-FEE-UNIT", Warning, "行政事业性收费金额单位应为万元";
    /// A warning for a county or district department, which may be misnamed.
    T2RegPower = "T2-REG-POWER", Error, "无规章制定权的机关不应填报规章";
    T2Cols2021 = "T2-COLS-2021", Warning, "2021年及以后的报告应使用2021年版表格";
    // Cross-year.
    /// A note when last year's report is of another agency or year.
    XyCarry = "XY-CARRY", Error, "上年结转等于上一年度的结转下年度";
    XySpike = "XY-SPIKE", Info, "主要数字与上年相比变化五倍以上";
    XyCopy = "XY-COPY", Warning, "正文各部分不应照搬上年报告";
    // Sections.
    SSec5 = "S-SEC5", Warning, "第五部分不应为空或“无”";
    SSec6Fee = "S-SEC6-FEE", Warning, "2021年起第六部分应说明信息处理费收取情况";
    SSec6Topics = "S-SEC6-TOPICS", Info, "2021年起第六部分还应报告工作要点落实、建议提案办理和工作创新";
    SFill = "S-FILL", Warning, "正文不应留有“（请填写……）”提示";
    SPeriod = "S-PERIOD", Error, "标题和统计期限的年度与报告年度一致";
    SDeadline = "S-DEADLINE", Warning, "报告在法定期限内公开（部门、乡镇1月31日，县级以上人民政府3月31日）";
    // The template's structure (raised when rendering, as a template error, not as a finding).
    SSix = "S-SIX", Error, "模板生成的报告依次有“一、”至“六、”六个部分";
    STables = "S-TABLES", Error, "模板在第二、三、四部分各排一张法定统计表";
    // Prose against the tables.
    ProNew = "PRO-NEW", Warning, "正文所述收到申请数与表三一致";
    ProCin = "PRO-CIN", Warning, "正文所述上年结转数与表三一致";
    ProCout = "PRO-COUT", Warning, "正文所述结转下年度数与表三一致";
    ProResults = "PRO-RESULTS", Warning, "正文所述办理结果数与表三一致";
    ProT4 = "PRO-T4", Warning, "正文所述行政复议、行政诉讼数与表四一致";
    ProSum = "PRO-SUM", Warning, "正文“共N条，其中……”各分项之和等于N";
    ProT4Outcome = "PRO-T4-OUTCOME", Warning, "正文“均获维持”等说法与表四的结果一致";
    // Roll-ups (`xxgk sum`): about the members, before summing.
    SumYear = "SUM-YEAR", Error, "参加汇总的各单位年度和表格格式一致";
    SumDup = "SUM-DUP", Error, "同一单位或同一文件不能重复汇总";
    SumMemberErrors = "SUM-MEMBER-ERRORS", Error, "参加汇总的数据文件本身没有错误";
    SumRules = "SUM-RULES", Info, "无规章制定权的单位所填规章不计入汇总";
    SumJoint = "SUM-JOINT", Info, "联合发文、共同被申请人或共同被告可能使汇总数重复计算";
    SumMismatch = "SUM-MISMATCH", Error, "汇总文件各表的数字等于各成员之和";
    // Fill-in workbooks (`xxgk init --xlsx`).
    /// An error when the row cannot be found by its label at all.
    XMoved = "X-MOVED", Warning, "工作簿中每个数字仍在其行标签所在的行";
    /// A warning when the number typed over the formula equals the computed sum.
    XFormula = "X-FORMULA", Error, "工作簿中自动计算的合计格仍是公式";
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn ids_are_distinct_and_well_formed() {
        let ids: BTreeSet<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
        assert_eq!(ids.len(), Rule::ALL.len());
        for id in ids {
            assert!(id.split('-').count() >= 2, "{id}");
            assert!(id.split('-').all(|p| !p.is_empty()), "{id}");
            assert!(id.chars().all(|c| c == '-' || c.is_ascii_uppercase() || c.is_ascii_digit()), "{id}");
        }
    }

    #[test]
    fn a_rule_prints_and_serialises_as_its_id() {
        assert_eq!(Rule::T3Ident.to_string(), "T3-IDENT");
        assert_eq!(serde_json::to_value(Rule::DDupKey).unwrap(), serde_json::json!("D-DUP-KEY"));
        assert_eq!(Rule::XySpike.severity(), Severity::Info);
    }
}
