//! Numbers stated in the prose compared with the tables (PRO-*), and the prose's own arithmetic
//! ("共N条，其中A x条，B y条…"). Reading numbers out of free text is a heuristic, so these are warnings.

use crate::diag::{Finding, Rule};
use crate::model::*;
use regex::Regex;
use std::cell::OnceCell;
use std::sync::LazyLock;

/// No sentence or clause boundary and no digit. Digits are ASCII `[0-9]` throughout: a number read
/// must parse as one, and Unicode's `\d` (every script's digits) made these automata take most of
/// a cold `check` to build.
const GAP: &str = r"[^。；;，,0-9]";

static NEW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?:收到|受理|新收|接收){GAP}{{0,20}}?申请{GAP}{{0,8}}?([0-9]+)\s*件"))
        .expect("valid regex")
});
static CIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"上年(?:度)?结转{GAP}{{0,16}}?([0-9]+)\s*件")).expect("valid regex")
});
static COUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"结转(?:至|到)?下(?:一)?年(?:度)?{GAP}{{0,10}}?([0-9]+)\s*件")).expect("valid regex")
});
static RESULT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(予以公开|部分公开|不予公开|无法提供|不予处理|其他处理)[的为共计]{0,2}\s*([0-9]+)\s*件")
        .expect("valid regex")
});
/// An outcome group's name, optionally after its number in table 三 (“（一）予以公开”).
const GROUP: &str = r"(?:[（(][一二三四五六][）)])?(?:予以公开|部分公开|不予公开|无法提供|不予处理|其他处理)";
/// Optional words between a combination of groups and its number: “的共计”, “合计为”.
const TOTAL: &str = r"的?(?:共计|合计|总计|共有|共|计)?为?\s*([0-9]+)\s*件";
/// Two or more groups named and joined: “予以公开及部分公开12件”, “不予公开和无法提供共3件”.
/// (Unbounded repetitions here and below: there are six groups, and a bounded repetition is
/// compiled as that many copies, which a cold `check` paid for.)
static JOINED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"({GROUP}(?:(?:以及|及|和|与|、){GROUP})+){TOTAL}")).expect("valid regex")
});
/// Two or more groups by their numbers: “（一）（二）两项合计12件”, “（一）（二）项共12件”.
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"((?:[（(][一二三四五六][）)][、和及与]?){{2,}})([两二三四五六]?)项{TOTAL}"))
        .expect("valid regex")
});
static REVIEW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"行政复议{GAP}{{0,10}}?([0-9]+)\s*(?:件|起)")).expect("valid regex")
});
static SUIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"行政诉讼{GAP}{{0,10}}?([0-9]+)\s*(?:件|起)")).expect("valid regex")
});
static SUM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:共|有|计|合计|总计)\s*([0-9]+)\s*(条|件|篇|次|个|项|期)[。，,；;：:]?\s*其中([^。]*)")
        .expect("valid regex")
});
/// "均获维持", "全部予以维持", "都被维持": every case upheld.
static ALL_UPHELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:均|全部|全|都)(?:已)?(?:获|被|予以|得到|获得)?维持").expect("valid regex")
});
static PART: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([0-9]+)\s*(条|件|篇|次|个|项|期)").expect("valid regex"));

fn number(s: &str) -> Option<u64> {
    s.parse().ok()
}

pub(super) fn check(r: &Report, out: &mut Vec<Finding>) {
    let q = &r.requests;
    let tot = |kind| q.rows_of(kind).next().map_or(0, Row::sum);
    let (new, cin, cout) = (tot(RowKind::New), tot(RowKind::CarriedIn), tot(RowKind::CarriedOut));
    for prose in r.prose() {
        let text = prose.text.as_str();
        let at = Positions::new(prose);
        let sentences = Sentences::new(text);
        for m in NEW.captures_iter(text) {
            let whole = m.get(0).expect("match");
            // "上年结转" phrasing belongs to PRO-CIN; "含上年结转" totals may count both.
            if whole.as_str().contains("结转") {
                continue;
            }
            let Some(n) = number(&m[1]) else { continue };
            let with_carry =
                sentences.mentions_carry(whole.start(), whole.end()) || whole.as_str().contains("含");
            if n != new && !(with_carry && n == new + cin) {
                out.push(Finding::new(
                    Rule::ProNew,
                    at.of(whole.start()),
                    format!(
                        "正文写“{}”，但表三“本年新收”总计为 {new} 件{}",
                        whole.as_str(),
                        if cin > 0 {
                            format!("（连同上年结转为 {} 件）", new + cin)
                        } else {
                            String::new()
                        }
                    ),
                ));
            }
        }
        compare(out, &at, &CIN, cin, Rule::ProCin, "上年结转");
        compare(out, &at, &COUT, cout, Rule::ProCout, "结转下年度");
        results(q, &at, out);
        compare(out, &at, &REVIEW, r.appeals.review().sum(), Rule::ProT4, "行政复议总计");
        compare(
            out,
            &at,
            &SUIT,
            r.appeals.lawsuits(),
            Rule::ProT4,
            "行政诉讼（未经复议直接起诉与复议后起诉）总计",
        );
        upheld(r, &at, out);
        for m in SUM.captures_iter(text) {
            let whole = m.get(0).expect("match");
            let (Some(n), unit) = (number(&m[1]), &m[2]) else { continue };
            // A breakdown by outcome is checked by PRO-RESULTS, and need not be exhaustive.
            if GROUPS.iter().any(|g| m[3].contains(g.key())) {
                continue;
            }
            let parts: Vec<u64> =
                PART.captures_iter(&m[3]).filter(|p| &p[2] == unit).filter_map(|p| number(&p[1])).collect();
            let sum: u64 = parts.iter().sum();
            if parts.len() >= 2 && sum != n {
                let shown: Vec<String> = parts.iter().map(u64::to_string).collect();
                out.push(Finding::new(
                    Rule::ProSum,
                    at.of(whole.start()),
                    format!(
                        "正文写共 {n} {unit}，但“其中”所列各项之和为 {} = {sum} {unit}",
                        shown.join(" + ")
                    ),
                ));
            }
        }
    }
}

/// The outcome groups of table 三 in order; prose names them by `key()`.
const GROUPS: [ResultGroup; 6] = ResultGroup::ALL;

/// PRO-RESULTS: a number of cases stated for one outcome group (“予以公开5件”) or for several
/// together (“予以公开及部分公开12件”, “（一）（二）两项合计12件”) must be the 总计 of those groups.
fn results(q: &Requests, at: &Positions, out: &mut Vec<Finding>) {
    let text = at.prose.text.as_str();
    let position = |name: &str| GROUPS.iter().position(|g| g.key() == name);
    let mut combined = Vec::new();
    for m in JOINED.captures_iter(text) {
        let groups = named_groups(&m[1]);
        combined.push((m.get(0).expect("match").range(), groups, m.get(2).expect("number").as_str()));
    }
    for m in NUMBERED.captures_iter(text) {
        let groups: Vec<usize> =
            m[1].chars().filter_map(|c| "一二三四五六".chars().position(|n| n == c)).collect();
        // “（一）（二）三项”: the count does not match the numbers, the sentence is not understood.
        let count = match &m[2] {
            "" => groups.len(),
            "两" => 2,
            word => "二三四五六".find(word).map_or(0, |i| i / '二'.len_utf8() + 2),
        };
        if groups.len() == count {
            combined.push((m.get(0).expect("match").range(), groups, m.get(3).expect("number").as_str()));
        }
    }
    // A list whose start is not understood (“同意公开、部分公开和不予公开共9件”), and the items of
    // the law cited by number (“第二十条第（一）（二）项共9件”, table 二's business), are not checked;
    // they are still not taken for single groups.
    combined.sort_by_key(|c| c.0.start);
    let understood =
        |range: &std::ops::Range<usize>| !text[..range.start].ends_with(['及', '和', '与', '、', '第']);
    for (range, mut groups, n) in combined.iter().cloned() {
        groups.sort_unstable();
        groups.dedup();
        let (Some(n), true) = (number(n), groups.len() >= 2 && understood(&range)) else { continue };
        let values: Vec<u64> = groups.iter().map(|&g| q.group_total(GROUPS[g])).collect();
        let sum: u64 = values.iter().sum();
        if n != sum {
            let named: Vec<String> =
                groups.iter().zip(&values).map(|(&g, v)| format!("“{}”{v} 件", GROUPS[g].label())).collect();
            let (last, first) = named.split_last().expect("two or more");
            out.push(Finding::new(
                Rule::ProResults,
                at.of(range.start),
                format!(
                    "正文写“{}”，但表三{}与{last}合计为 {sum} 件",
                    &text[range.clone()],
                    first.join("、")
                ),
            ));
        }
    }
    // Single groups, except inside a combination (“予以公开及部分公开12件” ends in “部分公开12件”).
    let mut inside = combined.iter().map(|c| c.0.clone()).peekable();
    for m in RESULT.captures_iter(text) {
        let whole = m.get(0).expect("match");
        while inside.next_if(|r| r.end <= whole.start()).is_some() {}
        if inside.peek().is_some_and(|r| r.start <= whole.start()) {
            continue;
        }
        // Other sums of groups that are not understood: skip what precedes or follows 及/和/与.
        if text[whole.end()..].starts_with(['及', '和', '与']) {
            continue;
        }
        if text[..whole.start()].ends_with(['及', '和', '与', '、']) {
            continue;
        }
        let Some(g) = position(&m[1]) else { continue };
        let (name, table) = (GROUPS[g].label(), q.group_total(GROUPS[g]));
        if let Some(n) = number(&m[2])
            && n != table
        {
            out.push(Finding::new(
                Rule::ProResults,
                at.of(whole.start()),
                format!("正文写“{}”，但表三“{name}”总计为 {table} 件", whole.as_str()),
            ));
        }
    }
}

/// The groups (indices into [`GROUPS`]) named in `list` (“予以公开及部分公开”), in the order named.
fn named_groups(list: &str) -> Vec<usize> {
    let mut named: Vec<(usize, usize)> = GROUPS
        .iter()
        .enumerate()
        .flat_map(|(group, g)| list.match_indices(g.key()).map(move |(at, _)| (at, group)))
        .collect();
    named.sort_unstable();
    named.into_iter().map(|(_, group)| group).collect()
}

/// The sentences of `text` (between 。 and ； marks) with their byte offsets.
fn sentences(text: &str) -> impl Iterator<Item = (usize, &str)> {
    const ENDS: [char; 3] = ['。', '；', ';'];
    let mut start = 0;
    text.split_inclusive(ENDS).filter_map(move |piece| {
        let at = start;
        start += piece.len();
        let sentence = piece.trim_end_matches(ENDS);
        (!sentence.is_empty()).then_some((at, sentence))
    })
}

/// Every match of `re` in the prose must state `expected`.
/// PRO-T4-OUTCOME: "均获维持" in a sentence on 复议 and/or 诉讼 while table 四 shows other results or
/// pending cases there.
fn upheld(r: &Report, at: &Positions, out: &mut Vec<Finding>) {
    for (start, text) in sentences(&at.prose.text) {
        let Some(m) = ALL_UPHELD.find(text) else { continue };
        let (review, suit) = (text.contains("复议"), text.contains("诉讼"));
        let groups: Vec<usize> = match (review, suit) {
            (true, false) => vec![0],
            (false, true) => vec![1, 2],
            _ => vec![0, 1, 2],
        };
        let mut others = Vec::new();
        for g in groups {
            let (_, label, _) = APPEAL_GROUPS[g];
            for (i, name) in [(1, "结果纠正"), (2, "其他结果"), (3, "尚未审结")] {
                let n = r.appeals.groups[g].values[i].value;
                if n > 0 {
                    others.push(format!("{label}{name} {n} 件"));
                }
            }
        }
        if !others.is_empty() {
            out.push(Finding::new(
                Rule::ProT4Outcome,
                at.of(start + m.start()),
                format!("正文说“{}”，但表四中{}：请改正文字或表格", m.as_str(), others.join("、")),
            ));
        }
    }
}

fn compare(out: &mut Vec<Finding>, at: &Positions, re: &Regex, expected: u64, rule: Rule, what: &str) {
    for m in re.captures_iter(&at.prose.text) {
        let whole = m.get(0).expect("match");
        if let Some(n) = number(&m[1])
            && n != expected
        {
            out.push(Finding::new(
                rule,
                at.of(whole.start()),
                format!("正文写“{}”，但表中{what}为 {expected} 件", whole.as_str()),
            ));
        }
    }
}

/// Positions of byte offsets in one prose text, exactly as [`Prose::pos_of`] gives them, without
/// rescanning the text for every finding (a long text with many findings took quadratic time).
struct Positions<'a> {
    prose: &'a Prose,
    /// Byte offsets of the text's line breaks, found on the first finding.
    newlines: OnceCell<Vec<usize>>,
}

impl<'a> Positions<'a> {
    fn new(prose: &'a Prose) -> Self {
        Positions { prose, newlines: OnceCell::new() }
    }

    fn of(&self, at: usize) -> Pos {
        let text = &self.prose.text;
        let newlines = self.newlines.get_or_init(|| text.match_indices('\n').map(|(i, _)| i).collect());
        let before = newlines.partition_point(|&i| i < at.min(text.len())) as u32;
        let col = if before == 0 { self.prose.col } else { self.prose.col.max(1) };
        Pos { line: self.prose.first_line + before, col }
    }
}

/// Where sentences end (“。”) and where “结转” occurs in one text, so that asking whether the
/// sentence around a match mentions 结转 takes logarithmic time: searching to the sentence end for
/// every match took quadratic time on a long text without “。”.
struct Sentences {
    ends: Vec<usize>,
    carries: Vec<usize>,
    len: usize,
}

impl Sentences {
    fn new(text: &str) -> Self {
        let offsets = |needle| text.match_indices(needle).map(|(i, _)| i).collect();
        Sentences { ends: offsets("。"), carries: offsets("结转"), len: text.len() }
    }

    /// Whether “结转” occurs between `start` and the end of the sentence containing `end`
    /// (the first “。” at or after `end`).
    fn mentions_carry(&self, start: usize, end: usize) -> bool {
        let sentence_end =
            self.ends.get(self.ends.partition_point(|&e| e < end)).copied().unwrap_or(self.len);
        let first = self.carries.partition_point(|&c| c < start);
        self.carries.get(first).is_some_and(|&c| c + "结转".len() <= sentence_end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_agree_with_pos_of_at_every_offset() {
        for (text, col) in
            [("第一行\n第二行。\n\n收到申请3件", 3), ("一行，无换行", 7), ("\n开头换行", 0), ("", 5)]
        {
            let prose = Prose { text: text.to_string(), first_line: 17, col };
            let at = Positions::new(&prose);
            for i in text.char_indices().map(|(i, _)| i).chain([text.len(), text.len() + 2]) {
                assert_eq!(at.of(i), prose.pos_of(i), "{text:?} at {i}");
            }
        }
    }

    #[test]
    fn sentences_agree_with_searching_to_the_full_stop() {
        let texts = [
            "收到申请17件（含上年结转1件）。收到申请18件。",
            "收到申请17件，上年结转1件。收到申请17件，其中结转",
            "结转收到申请17件。收到申请17件结。转",
            "收到申请17件",
            "。。结转。收到申请17件。结转",
        ];
        for text in texts {
            let sentences = Sentences::new(text);
            for (start, _) in text.char_indices() {
                for (end, _) in text[start..].char_indices().map(|(i, c)| (start + i, c)) {
                    let sentence_end = text[end..].find('。').map_or(text.len(), |i| end + i);
                    let expected = text[start..sentence_end].contains("结转");
                    assert_eq!(sentences.mentions_carry(start, end), expected, "{text:?} {start}..{end}");
                }
            }
        }
    }
}
