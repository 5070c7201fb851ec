//! Heuristics against last year's report of the same agency (`--previous`): the stock of documents
//! in force, figures that jump, and sections copied from last year. XY-CARRY, an identity of table
//! 三, is in `tables`.

use crate::diag::{Finding, Rule};
use crate::model::*;

pub(super) fn check(r: &Report, prev: &Report, out: &mut Vec<Finding>) {
    valid_roll(r, prev, out);
    spikes(r, prev, out);
    copies(r, prev, out);
}

/// T2-VALID-ROLL: 现行有效 this year ≈ last year's 现行有效 + 本年制发 − 本年废止.
fn valid_roll(r: &Report, prev: &Report, out: &mut Vec<Finding>) {
    // Only the 2021 columns (制发, 废止, 现行有效) make a stock that rolls over.
    if (r.proactive.edition(), prev.proactive.edition()) != (Edition::E2021, Edition::E2021) {
        return;
    }
    for ((def, docs), (_, last)) in r.proactive.documents().into_iter().zip(prev.proactive.documents()) {
        let [made, repealed, valid] = &docs.values;
        let [made_key, repealed_key, valid_key] = [0, 1, 2].map(|c| def.cols[c].key);
        let expected = last.values[2].value as i64 + made.value as i64 - repealed.value as i64;
        if valid.value as i64 != expected {
            out.push(Finding::new(
                Rule::T2ValidRoll,
                valid.pos,
                format!(
                    "“{}”{valid_key} {} 件，但{}年度{valid_key} {} + {made_key} {} − {repealed_key} {} = {expected}：如因清理、修改或机构调整而不同，请在正文说明；否则请核对",
                    def.key,
                    valid.value,
                    prev.year.value,
                    last.values[2].value,
                    made.value,
                    repealed.value
                ),
            ));
        }
    }
}

/// XY-SPIKE: a key figure five times larger or smaller than last year's.
fn spikes(r: &Report, prev: &Report, out: &mut Vec<Finding>) {
    let before = key_figures(prev);
    for (name, now, pos) in key_figures(r) {
        let Some(&(_, last, _)) = before.iter().find(|(n, ..)| *n == name) else { continue };
        if jumped(now, last) {
            out.push(Finding::new(
                Rule::XySpike,
                pos,
                format!("“{name}”由{}年度的 {last} 变为 {now}，变化较大：请确认数字无误", prev.year.value),
            ));
        }
    }
}

/// The figures XY-SPIKE compares year on year: name, value, position.
pub(crate) fn key_figures(x: &Report) -> Vec<(&'static str, u64, Pos)> {
    let [review, direct, after] = &x.appeals.groups;
    let mut list = vec![
        ("本年新收政府信息公开申请", x.requests.row("new").sum(), x.requests.row("new").pos),
        ("行政复议", review.sum(), review.pos),
        ("行政诉讼", direct.sum() + after.sum(), direct.pos),
    ];
    // The year's decisions, a row's one figure in 2021 (2019 rows count items, not compared).
    for (def, cells) in x.proactive.rows() {
        if let (T2Id::Licensing | T2Id::Punishment, [T2Cell::Count(v)]) = (def.id, cells.as_slice()) {
            list.push((def.key, v.value, v.pos));
        }
    }
    list
}

/// Whether a figure moved five times or more: small numbers move a lot by chance, so only figures
/// of at least 10 on one side count.
pub(crate) fn jumped(now: u64, last: u64) -> bool {
    now.max(last) >= 10 && (now >= last.saturating_mul(5) || now.saturating_mul(5) <= last)
}

/// Sections whose text is compared with last year's (long enough to mean something).
const MIN_COPY_CHARS: usize = 60;
/// Similarity (Sørensen–Dice on character pairs) from which a section counts as copied.
const COPY_SIMILARITY: f64 = 0.9;

/// XY-COPY: a prose section (nearly) the same as last year's.
fn copies(r: &Report, prev: &Report, out: &mut Vec<Finding>) {
    let six = |x: &Report| written(x.other.texts());
    let sections = [
        ("一、总体情况", written([&r.overview]), written([&prev.overview]), r.overview.pos_of(0)),
        (
            "五、存在的主要问题及改进情况",
            written([&r.problems]),
            written([&prev.problems]),
            r.problems.pos_of(0),
        ),
        ("六、其他需要报告的事项", six(r), six(prev), r.other.pos),
    ];
    for (name, now, before, pos) in sections {
        if now.len() < MIN_COPY_CHARS || before.len() < MIN_COPY_CHARS {
            continue;
        }
        let similarity = dice(&now, &before);
        if similarity >= COPY_SIMILARITY {
            out.push(Finding::new(
                Rule::XyCopy,
                pos,
                format!(
                    "“{name}”与{}年度报告的同一部分几乎相同（相似度 {:.0}%）：年度报告应写本年度的工作，不宜照搬上年内容",
                    prev.year.value,
                    similarity * 100.0
                ),
            ));
        }
    }
}

/// The characters a section's writer wrote: without whitespace and without the `（请填写……）`
/// prompt lines of `xxgk init`, which are the same every year.
fn written<'a>(texts: impl IntoIterator<Item = &'a Prose>) -> Vec<char> {
    texts
        .into_iter()
        .flat_map(|p| p.text.lines())
        .filter(|l| !crate::model::is_prompt(l))
        .flat_map(str::chars)
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Sørensen–Dice similarity of two texts over their character pairs (1.0: the same pairs).
/// `strsim::sorensen_dice` divides by byte lengths, which understates Chinese text threefold.
fn dice(a: &[char], b: &[char]) -> f64 {
    if a == b {
        return 1.0;
    }
    if a.len() < 2 || b.len() < 2 {
        return 0.0;
    }
    let mut pairs: std::collections::HashMap<(char, char), usize> = std::collections::HashMap::new();
    for w in a.windows(2) {
        *pairs.entry((w[0], w[1])).or_default() += 1;
    }
    let mut shared = 0;
    for w in b.windows(2) {
        if let Some(n) = pairs.get_mut(&(w[0], w[1]))
            && *n > 0
        {
            *n -= 1;
            shared += 1;
        }
    }
    (2 * shared) as f64 / (a.len() + b.len() - 2) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dice_counts_chinese_characters_not_bytes() {
        let a: Vec<char> = "本局坚持以公开为常态、不公开为例外".chars().collect();
        assert_eq!(dice(&a, &a), 1.0);
        let mut b = a.clone();
        b[0] = '该';
        assert!(dice(&a, &b) > 0.9, "{}", dice(&a, &b));
        let c: Vec<char> = "全年未收到政府信息公开申请".chars().collect();
        assert!(dice(&a, &c) < 0.3);
    }

    #[test]
    fn placeholders_are_not_writing() {
        let prose = |text: &str| Prose { text: text.into(), ..Prose::default() };
        let prompts = prose("（请填写本年度主动公开工作情况。）\n  （请填写上年度报告所列问题的整改情况。）");
        assert!(written([&prompts]).is_empty());
        assert_eq!(written([&prose("全年 公开\n（请填写…）")]).len(), 4);
    }
}
