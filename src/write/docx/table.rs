//! Tables: column widths scaled to the text width, merged cells, borders and padding. Header rows
//! are marked afterwards in the XML (see `package`), as docx-rs cannot express them.

use docx_rs::{
    Table as DTable, TableAlignmentType, TableBorder, TableBorderPosition, TableBorders, TableCell as DCell,
    TableCellMargins, TableLayoutType, TableRow, VAlignType, VMergeType, WidthType,
};

use super::run::{Kit, ParaIds, push_run, text_run};
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
fn cell_padding(grid: &[i32]) -> usize {
    let narrowest = grid.iter().copied().min().unwrap_or(0);
    if narrowest < mm_to_twips(12.0) { 40 } else { 57 }
}

pub(super) fn table(t: &Table, kit: &Kit, geo: &Geometry, ids: &mut ParaIds) -> Result<DTable, DocxError> {
    let grid = grid_widths(t, geo.text_width)?;
    let slots = t.grid();
    let border = |pos| TableBorder::new(pos).size(4).color("000000");
    let borders = TableBorders::new()
        .set(border(TableBorderPosition::Top))
        .set(border(TableBorderPosition::Left))
        .set(border(TableBorderPosition::Bottom))
        .set(border(TableBorderPosition::Right))
        .set(border(TableBorderPosition::InsideH))
        .set(border(TableBorderPosition::InsideV));
    let pad = cell_padding(&grid);

    let mut rows = Vec::with_capacity(slots.len());
    for (r, row) in slots.iter().enumerate() {
        // Keep each row with the next: a table that fits on a page is not split, and a long one
        // never leaves its heading, a caption or a header row alone at the foot of a page.
        let keep = r + 1 < slots.len();
        let mut cells = Vec::new();
        let mut c = 0;
        while c < row.len() {
            match row[c] {
                Slot::Origin(cell) => {
                    let span = cell.colspan.clamp(1, row.len() - c);
                    let mut tc = table_cell(cell, kit, &grid[c..c + span], keep, ids);
                    if cell.rowspan > 1 && r + 1 < slots.len() {
                        tc = tc.vertical_merge(VMergeType::Restart);
                    }
                    cells.push(tc);
                    c += span;
                }
                Slot::Covered { row: or, col: oc } if or < r && oc == c => {
                    // Continuation of a cell merged from a row above: same column span.
                    let span = match slots[or][oc] {
                        Slot::Origin(cell) => cell.colspan.clamp(1, row.len() - c),
                        _ => 1,
                    };
                    let p = ids.with(&kit.cells[1][usize::from(keep)]);
                    cells.push(
                        DCell::new()
                            .width(grid[c..c + span].iter().sum::<i32>() as usize, WidthType::Dxa)
                            .grid_span_if(span)
                            .vertical_merge(VMergeType::Continue)
                            .vertical_align(VAlignType::Center)
                            .add_paragraph(p),
                    );
                    c += span;
                }
                Slot::Covered { .. } => c += 1,
                Slot::Empty => {
                    let p = ids.with(&kit.cells[1][usize::from(keep)]);
                    cells.push(DCell::new().width(grid[c] as usize, WidthType::Dxa).add_paragraph(p));
                    c += 1;
                }
            }
        }
        rows.push(TableRow::new(cells).cant_split());
    }

    Ok(DTable::new(rows)
        .set_grid(grid.iter().map(|w| *w as usize).collect())
        .width(geo.text_width as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .align(TableAlignmentType::Center)
        .set_borders(borders)
        .margins(TableCellMargins::new().margin(0, pad, 0, pad)))
}

trait GridSpanIf {
    fn grid_span_if(self, span: usize) -> Self;
}

impl GridSpanIf for DCell {
    fn grid_span_if(self, span: usize) -> Self {
        if span > 1 { self.grid_span(span) } else { self }
    }
}

fn table_cell(cell: &Cell, kit: &Kit, widths: &[i32], keep: bool, ids: &mut ParaIds) -> DCell {
    let centred = !matches!(cell.role, CellRole::Label);
    let mut p = ids.with(&kit.cells[usize::from(centred)][usize::from(keep)]);
    push_run(&mut p, text_run(&kit.table_run, &cell.text));
    DCell::new()
        .width(widths.iter().sum::<i32>() as usize, WidthType::Dxa)
        .grid_span_if(widths.len())
        .vertical_align(VAlignType::Center)
        .add_paragraph(p)
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
