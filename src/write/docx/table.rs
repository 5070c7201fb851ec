//! Tables: column widths scaled to the text width, merged cells, header rows repeated on every
//! page, borders and padding.

use super::run::{Kit, ParaIds, run};
use super::xml::Xml;
use super::{DocxError, Geometry};
use crate::doc::{Cell, CellRole, Slot, Table, TableKind};
use crate::style::mm_to_twips;

fn table_name(kind: TableKind) -> &'static str {
    match kind {
        TableKind::Proactive => "主动公开政府信息情况",
        TableKind::Requests => "收到和处理政府信息公开申请情况",
        TableKind::Appeals => "政府信息公开行政复议、行政诉讼情况",
    }
}

/// Scales relative widths to whole twips summing exactly to `total`.
fn grid_widths(t: &Table, total: i32) -> Result<Vec<i32>, DocxError> {
    let sum: f32 = t.widths.iter().sum();
    if t.widths.is_empty()
        || !sum.is_finite()
        || sum <= 0.0
        || t.widths.iter().any(|w| !w.is_finite() || *w <= 0.0)
    {
        return Err(DocxError::InvalidWidths { table: table_name(t.kind) });
    }
    let mut out: Vec<i32> = t.widths.iter().map(|w| ((w / sum) * total as f32).floor() as i32).collect();
    // Hand the rounding remainder to the widest columns first.
    let rest = total - out.iter().sum::<i32>();
    let mut order: Vec<usize> = (0..out.len()).collect();
    order.sort_by(|&a, &b| t.widths[b].total_cmp(&t.widths[a]));
    for &i in order.iter().cycle().take(rest.max(0) as usize) {
        out[i] += 1;
    }
    Ok(out)
}

/// Cell padding left/right: about 1 mm, less in very narrow columns so 5-digit figures fit.
fn cell_padding(grid: &[i32]) -> i32 {
    let narrowest = grid.iter().copied().min().unwrap_or(0);
    if narrowest < mm_to_twips(12.0) { 40 } else { 57 }
}

pub(super) fn table(
    x: &mut Xml,
    t: &Table,
    kit: &Kit,
    geo: &Geometry,
    ids: &mut ParaIds,
) -> Result<(), DocxError> {
    let grid = grid_widths(t, geo.text_width)?;
    let slots = t.grid();
    let pad = cell_padding(&grid);
    let dxa = |w: i32| [("w:w", w.into()), ("w:type", "dxa".into())];

    x.raw("<w:tbl><w:tblPr>").empty("w:tblW", &dxa(geo.text_width)).val("w:jc", "center");
    x.raw("<w:tblBorders>");
    for side in ["w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"] {
        x.raw("<").raw(side).raw(r#" w:val="single" w:sz="4" w:space="0" w:color="000000" />"#);
    }
    x.raw("</w:tblBorders>").empty("w:tblLayout", &[("w:type", "fixed".into())]);
    x.raw("<w:tblCellMar>").empty("w:top", &dxa(0)).empty("w:left", &dxa(pad));
    x.empty("w:bottom", &dxa(0)).empty("w:right", &dxa(pad)).raw("</w:tblCellMar></w:tblPr>");
    x.raw("<w:tblGrid>");
    for w in &grid {
        x.empty("w:gridCol", &dxa(*w));
    }
    x.raw("</w:tblGrid>");

    let header_rows = t.header_rows.min(slots.len());
    for (r, row) in slots.iter().enumerate() {
        // Header rows repeat at the top of every page the table runs onto; no row is split.
        x.raw(if r < header_rows {
            "<w:tr><w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>"
        } else {
            "<w:tr><w:trPr><w:cantSplit /></w:trPr>"
        });
        // Keep each row with the next: a table that fits on a page is not split, and a long one
        // never leaves its heading, a caption or a header row alone at the foot of a page.
        let keep = usize::from(r + 1 < slots.len());
        let mut c = 0;
        while c < row.len() {
            match row[c] {
                Slot::Origin(cell) => {
                    let span = cell.colspan.clamp(1, row.len() - c);
                    let merge = (cell.rowspan > 1 && r + 1 < slots.len()).then_some("restart");
                    cell_open(x, &grid[c..c + span], merge, true);
                    let centred = usize::from(!matches!(cell.role, CellRole::Label));
                    cell_text(x, cell, &kit.cells[centred][keep], kit, ids);
                    c += span;
                }
                Slot::Covered { row: or, col: oc } if or < r && oc == c => {
                    // Continuation of a cell merged from a row above: same column span.
                    let span = match slots[or][oc] {
                        Slot::Origin(cell) => cell.colspan.clamp(1, row.len() - c),
                        _ => 1,
                    };
                    cell_open(x, &grid[c..c + span], Some("continue"), true);
                    empty_paragraph(x, &kit.cells[1][keep], ids);
                    c += span;
                }
                Slot::Covered { .. } => c += 1,
                Slot::Empty => {
                    cell_open(x, &grid[c..=c], None, false);
                    empty_paragraph(x, &kit.cells[1][keep], ids);
                    c += 1;
                }
            }
        }
        x.raw("</w:tr>");
    }
    x.raw("</w:tbl>");
    Ok(())
}

/// `<w:tc>` and its properties: width of the grid columns it spans, the span, the vertical merge.
fn cell_open(x: &mut Xml, widths: &[i32], merge: Option<&str>, centre: bool) {
    x.raw("<w:tc><w:tcPr>");
    x.empty("w:tcW", &[("w:w", widths.iter().sum::<i32>().into()), ("w:type", "dxa".into())]);
    if widths.len() > 1 {
        x.val("w:gridSpan", widths.len());
    }
    if let Some(m) = merge {
        x.val("w:vMerge", m);
    }
    if centre {
        x.val("w:vAlign", "center");
    }
    x.raw("</w:tcPr>");
}

fn cell_text(x: &mut Xml, cell: &Cell, para: &str, kit: &Kit, ids: &mut ParaIds) {
    ids.open(x);
    x.raw(para);
    run(x, &kit.table_run, &cell.text, false);
    x.raw("</w:p></w:tc>");
}

/// A cell holds at least one paragraph, even when merged away or left empty.
fn empty_paragraph(x: &mut Xml, para: &str, ids: &mut ParaIds) {
    ids.open(x);
    x.raw(para).raw("</w:p></w:tc>");
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::doc::{Cell, CellRole};

    fn t(widths: Vec<f32>) -> Table {
        Table {
            kind: TableKind::Appeals,
            widths,
            header_rows: 0,
            rows: vec![vec![Cell::new("x", CellRole::Number)]],
        }
    }

    #[test]
    fn grid_widths_sum_to_text_width() {
        let g = grid_widths(&t(vec![1.0, 2.0, 3.0, 1.0, 1.0, 1.0, 1.0]), 8844).unwrap();
        assert_eq!(g.iter().sum::<i32>(), 8844);
        assert!(g[2] > g[1] && g[1] > g[0]);
    }

    #[test]
    fn bad_widths_are_an_error_not_a_panic() {
        for w in [vec![], vec![0.0], vec![1.0, f32::NAN], vec![-1.0, 2.0], vec![f32::INFINITY]] {
            assert!(matches!(grid_widths(&t(w), 8844), Err(DocxError::InvalidWidths { .. })));
        }
    }
}
