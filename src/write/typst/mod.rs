//! Typst source writer: one [`Document`] as a self-contained `.typ` file laid out per GB/T 9704.
//!
//! The same source is what [`crate::write::pdf`] compiles in-process (its preamble as a file of its
//! own, see `Parts`), so `typst compile` (0.15) on the written file gives the same pages when it
//! finds the same fonts (pass `--font-path assets/fonts` for the embedded defaults).
//!
//! Data is never code: every text of the document is escaped into markup ([`escape_markup`]) or,
//! for a table cell or heading without white space, written as a string literal
//! ([`escape_string`]). Markup: each ASCII punctuation character gets a backslash, so
//! `#read("/etc/passwd")`, `$x$`, `@ref`, `<label>`, `//`, `/*`, `*`, `_`, list markers and the
//! like come out as those characters. Metadata and font names, which typst needs as strings, are
//! written as escaped string literals ([`escape_string`]).
//!
//! Layout (GB/T 9704—2012, all values from the [`crate::style::Style`] and its [`Geometry`]): the
//! page and margins; body text on a fixed pitch (a line box of exactly one em plus leading =
//! `line_pitch_pt`, 28.95 pt → 22 lines on 225 mm) with the geometry's tracking, so a full line holds
//! a whole number of characters (28 on 156 mm at 16 pt);
//! widow/orphan costs off so every full page holds the same number of lines; first-fit line breaking
//! (as Word and WPS do: every full line holds the same number of characters, and it is about twice
//! as fast as typst's paragraph optimizer); first-line indent of two characters; headings in their
//! level's font; page numbers “— N —” outside or centred; tables with borders, header rows repeated
//! on each page, one-row cells kept whole.

use std::fmt::Write as _;

use crate::doc::{Block, Cell, CellRole, DRAFT_MARK, Document, Paragraph, Slot, Table};
use crate::fonts::{FontReport, Role};
use crate::style::{FontRole, Geometry, PageNumberPosition, mm_to_pt};
use crate::write::{Output, Setup, WriteError, Writer};

mod fit;

use fit::{Fit, INSET_X_EM, INSET_Y_EM, LEADING_EM, ONE_LINE_EM, Plan};

/// Typst source. Each role's font list is the style's chain followed by the embedded default's
/// family, so the file compiles anywhere the CLI finds any of them.
#[derive(Debug, Clone, Copy, Default)]
pub struct TypstWriter;

impl Writer for TypstWriter {
    fn write(&self, doc: &Document, setup: &Setup<'_>) -> Result<Output, WriteError> {
        let parts = render_with(doc, setup, &|role| {
            let mut list = role.of(setup.style).fonts.clone();
            list.push(role.embedded_family().to_string());
            list
        });
        let mut source = String::with_capacity(parts.preamble.len() + parts.body.len() + 200);
        source.push_str("// 政府信息公开工作年度报告，由 xxgk 生成（Typst 0.15）。\n");
        source.push_str("// 正文文字均已转义为标记（markup）或写成字符串，不含可执行代码。\n\n");
        source.push_str(&parts.preamble);
        source.push('\n');
        source.push_str(&parts.body);
        Ok(Output::plain(source))
    }
}

/// Renders `doc` with the font lists a [`FontReport`] resolved (only families that are installed,
/// under the names typst knows them by). This is the exact source the PDF writer compiles.
pub(crate) fn render_resolved(doc: &Document, setup: &Setup<'_>, fonts: &FontReport) -> Parts {
    render_with(doc, setup, &|role| fonts.role(role).families.clone())
}

/// Escapes text into Typst markup: every ASCII punctuation character is backslash-escaped (so no
/// markup, code, math, label, reference, comment or shorthand can start), line breaks become
/// forced line breaks, tabs become spaces and other control characters are dropped.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("#linebreak();"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes text into a Typst string literal, quotes included.
pub fn escape_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A length in points, finite and rounded for the source.
fn pt(value: f32) -> String {
    let v = if value.is_finite() { value } else { 0.0 };
    format!("{}pt", (v * 1000.0).round() / 1000.0)
}

fn font_list(families: &[String]) -> String {
    let mut out = String::from("(");
    for f in families {
        out.push_str(&escape_string(f));
        out.push_str(", ");
    }
    out.push(')');
    out
}

fn weight(role: &FontRole) -> &'static str {
    if role.bold { "\"bold\"" } else { "\"regular\"" }
}

/// `(font: (...), size: 16pt, weight: "regular")` for a role.
fn role_dict(role: &FontRole, families: &[String]) -> String {
    format!("(font: {}, size: {}, weight: {})", font_list(families), pt(role.size_pt), weight(role))
}

fn language(tag: &str) -> (String, Option<String>) {
    let mut parts = tag.split(['-', '_']);
    let lang =
        parts.next().filter(|l| (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_alphabetic()));
    let region = parts.next().filter(|r| r.len() == 2 && r.chars().all(|c| c.is_ascii_alphabetic()));
    match lang {
        Some(l) => (l.to_ascii_lowercase(), region.map(|r| r.to_ascii_lowercase())),
        None => ("zh".to_string(), Some("cn".to_string())),
    }
}

/// A report's Typst source in two parts: the preamble (fonts, page, rules and the table helpers,
/// the same for every report of a style) and the body (`#show: report` and the report itself).
///
/// typst's cache keys each piece of content by where in its source file it was written, and a
/// source file is numbered as a whole, so content and set rules in the body never match those of
/// another report. The PDF writer therefore compiles the preamble as a file of its own: the rules
/// and the table cells built there are the same across a batch, and the cells' layout (a quarter
/// of a report's PDF time before) is reused from report to report.
pub(crate) struct Parts {
    pub preamble: String,
    pub body: String,
}

fn render_with(doc: &Document, setup: &Setup<'_>, families: &dyn Fn(Role) -> Vec<String>) -> Parts {
    Parts { preamble: preamble(doc, setup, families), body: body(doc, setup) }
}

fn preamble(doc: &Document, setup: &Setup<'_>, families: &dyn Fn(Role) -> Vec<String>) -> String {
    let (style, g) = (setup.style, &setup.geometry);
    let mut s = String::with_capacity(6 * 1024);
    let page = &style.page;

    let (lang, region) = language(&doc.meta.language);
    let region = region.map(|r| format!(", region: {}", escape_string(&r))).unwrap_or_default();

    // Roles as dictionaries the show rules pick from.
    let _ = writeln!(s, "#let role-title = {}", role_dict(&style.title, &families(Role::Title)));
    let _ = writeln!(
        s,
        "#let role-headings = ({}, {}, {}, {})",
        role_dict(&style.h1, &families(Role::H1)),
        role_dict(&style.h2, &families(Role::H2)),
        role_dict(&style.h3, &families(Role::H3)),
        role_dict(&style.h4, &families(Role::H4)),
    );
    let _ = writeln!(s, "#let role-table = {}", role_dict(&style.table, &families(Role::Table)));
    let _ =
        writeln!(s, "#let role-number = {}", role_dict(&style.page_number.font, &families(Role::PageNumber)));
    let _ = writeln!(s, "#let run-in(level, body) = {{");
    let _ = writeln!(s, "  let r = role-headings.at(calc.clamp(level, 1, 4) - 1)");
    let _ = writeln!(s, "  text(font: r.font, weight: r.weight, body)");
    let _ = writeln!(s, "}}");
    s.push_str(&table_helpers(g.text_height_pt));

    // Page: size, margins, page number “— N —” with its 一字线 line `below_text_mm` under the text block.
    let number = match style.page_number.position {
        PageNumberPosition::Outside => {
            "if calc.odd(n) { pad(right: 1em, align(right, label)) } else { pad(left: 1em, align(left, label)) }"
        }
        PageNumberPosition::Center => "align(center, label)",
    };
    s.push_str("\n// 页面、正文和各级标题的版式；`#show: report` 之后的全部内容是报告正文。\n");
    s.push_str("#let report(body) = {\n");
    let _ = writeln!(
        s,
        "  set page(width: {}, height: {}, margin: (top: {}, bottom: {}, left: {}, right: {}), footer-descent: {},",
        pt(mm_to_pt(page.width_mm)),
        pt(mm_to_pt(page.height_mm)),
        pt(mm_to_pt(page.margin_top_mm)),
        pt(mm_to_pt(page.margin_bottom_mm)),
        pt(mm_to_pt(page.margin_left_mm)),
        pt(mm_to_pt(page.margin_right_mm)),
        pt(mm_to_pt(style.page_number.below_text_mm.max(0.0))),
    );
    s.push_str("    footer: context {\n");
    s.push_str("      set text(font: role-number.font, size: role-number.size, weight: role-number.weight, tracking: 0pt)\n");
    s.push_str("      set par(first-line-indent: 0pt, justify: false)\n");
    s.push_str("      let n = counter(page).get().first()\n");
    s.push_str("      let label = [— #n —]\n");
    let _ = writeln!(s, "      {number}");
    s.push_str("    },\n");
    if doc.meta.draft {
        // A visible mark on every page: grey diagonal text behind the page and a red line on top.
        let mark = escape_markup(DRAFT_MARK);
        let _ = writeln!(
            s,
            "    background: rotate(-35deg, text(font: role-title.font, size: 40pt, fill: luma(82%), tracking: 0pt)[{mark}]),"
        );
        let _ = writeln!(
            s,
            "    header: align(right, text(font: role-headings.at(0).font, size: 12pt, fill: rgb(\"#c00000\"), tracking: 0pt)[{mark}]),"
        );
    }
    s.push_str("  )\n");

    // Body text on the grid: a line box of exactly one em, so pitch = size + leading.
    let _ = writeln!(
        s,
        "  set text(font: {}, size: {}, weight: {}, lang: {}{region}, top-edge: 0.8em, bottom-edge: -0.2em, tracking: {}, cjk-latin-spacing: none, hyphenate: false, costs: (widow: 0%, orphan: 0%))",
        font_list(&families(Role::Body)),
        pt(g.body_size_pt),
        weight(&style.body),
        escape_string(&lang),
        pt(g.tracking_pt),
    );
    let _ = writeln!(
        s,
        "  set par(leading: {l}, spacing: {l}, first-line-indent: (amount: {}, all: true), justify: true, linebreaks: \"simple\")",
        pt(g.indent_pt),
        l = pt(g.leading_pt()),
    );
    let _ = writeln!(s, "  set block(spacing: {})", pt(g.leading_pt()));
    // Headings: same pitch as the body, two-character indent, their level's font, never bold unless
    // the style says so (typst would embolden them by default).
    let _ = writeln!(s, "  show heading: it => {{");
    let _ = writeln!(s, "    let r = role-headings.at(calc.clamp(it.level, 1, 4) - 1)");
    let _ = writeln!(
        s,
        "    block(above: {l}, below: {l}, sticky: true, text(font: r.font, size: r.size, weight: r.weight, h({}) + it.body))",
        pt(g.indent_pt),
        l = pt(g.leading_pt()),
    );
    s.push_str("  }\n  body\n}\n");
    s
}

/// The helpers that build the tables (`table` below writes their calls). A table that fits on one
/// page is kept whole, so a label spanning many rows (三、本年度办理结果) is never cut in two; a taller
/// one must break (kept whole it would run over the page foot).
pub(crate) fn table_helpers(body_height_pt: f32) -> String {
    let mut s = String::with_capacity(1024);
    s.push_str("#let keep-whole(body) = layout(size => {\n");
    let _ = writeln!(
        s,
        "  block(width: 100%, breakable: measure(body, width: size.width).height > {}, body)",
        pt(body_height_pt)
    );
    s.push_str("})\n");
    s.push_str("// 单元格：文字（字符串，或方括号中的标记）及 table.cell 的参数。\n");
    s.push_str("#let cell(body, ..args) = table.cell(..args, body)\n");
    s.push_str("// 数据表。fit：\"whole\" 整表排在一页，\"breaks\" 可跨页，\"measure\" 一页排得下则整表；\n");
    s.push_str("// columns 列宽；rows 行高（auto 由排版测量）；header 表头单元格（跨页时重复）；cells 其余单元格，逐行排列。\n");
    s.push_str("#let data-table(fit, columns, rows, header, cells) = {\n");
    s.push_str("  let body = {\n");
    s.push_str("    set text(font: role-table.font, size: role-table.size, weight: role-table.weight, tracking: 0pt, top-edge: 0.88em, bottom-edge: -0.12em)\n");
    let _ = writeln!(
        s,
        "    set par(first-line-indent: 0pt, justify: false, leading: {LEADING_EM}em, spacing: {LEADING_EM}em)"
    );
    // A one-row cell never splits across pages (a label cut in two reads badly); cells spanning
    // several rows (the 办理结果 block) stay breakable. A table kept whole cannot split at all, and
    // unbreakable cells would make typst simulate every row group for nothing.
    s.push_str("    set table.cell(breakable: false) if fit != \"whole\"\n");
    let _ = writeln!(
        s,
        "    table(columns: columns, rows: rows, stroke: 0.5pt + black, inset: (x: {INSET_X_EM}em, y: {INSET_Y_EM}em), align: center + horizon,"
    );
    s.push_str("      ..if header.len() > 0 { (table.header(repeat: true, ..header),) }, ..cells)\n");
    s.push_str("  }\n");
    s.push_str("  if fit == \"measure\" { keep-whole(body) } else { block(width: 100%, breakable: fit == \"breaks\", body) }\n");
    s.push_str("}\n");
    s
}

fn body(doc: &Document, setup: &Setup<'_>) -> String {
    let (style, g) = (setup.style, &setup.geometry);
    let mut s = String::with_capacity(8 * 1024);
    s.push_str("#show: report\n\n");
    for block in &doc.blocks {
        match block {
            Block::Title(lines) => title(&mut s, lines, g),
            Block::Heading { level, text } => {
                let level = (*level).clamp(1, 4);
                let _ = writeln!(s, "#heading(level: {level}, {})\n", text_arg(text));
            }
            Block::Paragraph(p) => paragraph(&mut s, p),
            Block::Table(t) => {
                table(&mut s, t, |grid| {
                    fit::plan(t, grid, g.text_width_pt, style.table.size_pt, g.text_height_pt)
                });
            }
            Block::Signature { unit, date } => {
                let _ = writeln!(
                    s,
                    "#block(width: 100%, above: {}, breakable: false)[#set par(first-line-indent: 0pt, justify: false)\n#align(right, box(inset: (right: {}), grid(columns: 1, align: left, row-gutter: {}, [{}], pad(left: {})[{}])))]\n",
                    pt(g.leading_pt() + g.pitch_pt),
                    pt(2.0 * g.body_size_pt),
                    pt(g.leading_pt()),
                    escape_markup(unit),
                    pt(2.0 * g.body_size_pt),
                    escape_markup(date),
                );
            }
        }
    }
    // Metadata (title, author = the agency) last: a set rule styles everything after it, so at the
    // top it would make every paragraph's styles differ between two reports and typst's cache
    // could reuse nothing from the previous report of a batch.
    let _ = writeln!(
        s,
        "#set document(title: {}, author: ({},))",
        escape_string(&doc.meta.title),
        escape_string(&doc.meta.author)
    );
    s
}

fn title(s: &mut String, lines: &[String], g: &Geometry) {
    let body: Vec<String> = lines.iter().map(|l| escape_markup(l)).collect();
    // One blank body line below the title (GB/T 9704: the body starts a line under it).
    let _ = writeln!(
        s,
        "#block(width: 100%, above: 0pt, below: {})[#set par(first-line-indent: 0pt, justify: false, leading: {})\n#set text(font: role-title.font, size: role-title.size, weight: role-title.weight)\n#align(center)[{}]]\n",
        pt(g.leading_pt() + g.pitch_pt),
        pt(g.leading_pt()),
        body.join("#linebreak();"),
    );
}

fn paragraph(s: &mut String, p: &Paragraph) {
    if p.runs.iter().all(|r| r.text.trim().is_empty()) {
        // An empty paragraph keeps its line: a box one em high is exactly one line box.
        s.push_str("#box(height: 1em)\n\n");
        return;
    }
    for run in &p.runs {
        match run.heading {
            Some(level) => {
                let _ = write!(s, "#run-in({})[{}]", level.clamp(1, 4), escape_markup(&run.text));
            }
            None => s.push_str(&escape_markup(&run.text)),
        }
    }
    s.push_str("\n\n");
}

/// A table's markup alone, kept whole, with or without its one-line rows fixed, and the height
/// `fit` estimates for it (pt), for comparing both with typst's layout. The markup needs
/// [`table_helpers`] and a `role-table` before it.
#[cfg(test)]
pub(crate) fn table_alone(t: &Table, width_pt: f32, size_pt: f32, fixed_rows: bool) -> (String, f32) {
    let mut s = String::new();
    table(&mut s, t, |grid| Plan {
        fit: Fit::Whole,
        one_line: if fixed_rows { fit::one_line_rows(t, grid, width_pt, size_pt) } else { Vec::new() },
    });
    (s, fit::height(t, &t.grid(), width_pt, size_pt))
}

/// Tables up to this many rows are kept on one page when they fit.
const MAX_UNBROKEN_ROWS: usize = 32;

/// Writes a call of the preamble's `data-table`: the table's data only (widths, row heights, cells
/// with their spans), so that every cell is built by the preamble's code (see [`Parts`]).
///
/// `plan` decides, from the resolved grid, whether the table is kept whole and which rows are one
/// line high.
fn table(s: &mut String, t: &Table, plan: impl FnOnce(&[Vec<Slot<'_>>]) -> Plan) {
    let cols = t.columns();
    if cols == 0 || t.rows.is_empty() {
        return;
    }
    let grid = t.grid();
    let rows = grid.len();
    let header_rows = t.header_rows.min(rows);
    let widths: Vec<String> = t
        .widths
        .iter()
        .map(|w| {
            if w.is_finite() && *w > 0.0 {
                format!("{}fr", (w * 1000.0).round() / 1000.0)
            } else {
                "1fr".into()
            }
        })
        .collect();

    // typst places cells without coordinates in the next free slot, row by row: the same rule as
    // `Table::grid`, so coordinates (which make the source larger and slower to compile) are only
    // written when the table has holes, dropped cells or a header cell reaching below the header.
    let origins = grid.iter().flatten().filter(|s| matches!(s, Slot::Origin(_))).count();
    let explicit = origins != t.rows.iter().map(Vec::len).sum::<usize>()
        || grid.iter().flatten().any(|s| matches!(s, Slot::Empty))
        || (0..header_rows).any(|r| {
            (0..cols).any(|c| {
                matches!(grid[r][c], Slot::Origin(_))
                    && span(&grid, r, c, rows).1 != span(&grid, r, c, header_rows).1
            })
        });

    // Official tables (at most 28 rows) are kept whole when they fit on a page; longer ones break
    // without being measured. Whether a table fits is estimated (`fit`), and only measured by typst
    // (`keep-whole`) when the estimate is close to the page height. Header rows repeat after a break.
    let Plan { fit, one_line } = plan(&grid);
    let fit = if rows > MAX_UNBROKEN_ROWS { Fit::Breaks } else { fit };
    let fit = match fit {
        Fit::Whole => "whole",
        Fit::Breaks => "breaks",
        Fit::Measure => "measure",
    };
    // Rows known to be one line high get that height: typst then lays them out once, where it
    // lays an automatic row out twice (to measure it, then to place it). The height is the one it
    // would measure, so the layout is the same.
    let heights: Vec<String> = if one_line.iter().any(|&b| b) {
        (0..rows)
            .map(|r| if one_line.get(r) == Some(&true) { format!("{ONE_LINE_EM}em") } else { "auto".into() })
            .collect()
    } else {
        Vec::new()
    };
    let _ = writeln!(
        s,
        "#data-table({fit:?}, ({},), ({}{}),",
        widths.join(", "),
        heights.join(", "),
        if heights.is_empty() { "" } else { "," }
    );

    let cell = |s: &mut String, r: usize, c: usize, cell: &Cell, limit: usize| {
        // Header cells are clipped to the header rows.
        let (colspan, rowspan) = span(&grid, r, c, limit);
        let mut args = String::new();
        if explicit {
            let _ = write!(args, ", x: {c}, y: {r}");
        }
        if colspan > 1 {
            let _ = write!(args, ", colspan: {colspan}");
        }
        if rowspan > 1 {
            let _ = write!(args, ", rowspan: {rowspan}, breakable: true");
        }
        if cell.role == CellRole::Label {
            args.push_str(", align: left + horizon");
        }
        // A cell with nothing but its text is given as that text: typst makes it a cell, and
        // skipping `cell` saves evaluating a call.
        if args.is_empty() {
            let _ = writeln!(s, "  {},", text_arg(&cell.text));
        } else {
            let _ = writeln!(s, "  cell({}{args}),", text_arg(&cell.text));
        }
    };
    // The cells that start in the rows of `range`, clipped to `limit`.
    let cells = |s: &mut String, range: std::ops::Range<usize>, limit: usize| {
        for r in range {
            for (c, slot) in grid[r].iter().enumerate() {
                if let Slot::Origin(x) = slot {
                    cell(s, r, c, x, limit);
                }
            }
        }
    };
    if header_rows > 0 {
        s.push_str(" (\n");
        cells(s, 0..header_rows, header_rows);
        s.push_str(" ), (\n");
    } else {
        s.push_str(" (), (\n");
    }
    cells(s, header_rows..rows, rows);
    s.push_str("))\n\n");
}

/// A text argument (a cell's, a heading's): a string literal when markup would read it the same
/// (no white space, which markup collapses, and no control characters), else escaped markup in
/// brackets. A string carries no place in the body, so content built from it in the preamble is
/// the same to typst's cache in every report.
fn text_arg(text: &str) -> String {
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        format!("[{}]", escape_markup(text))
    } else {
        escape_string(text)
    }
}

/// The (colspan, rowspan) of the cell whose origin is at (r, c), as the resolved grid has it (so
/// cells never overlap), its rows counted up to `limit` (the header's end for a header cell).
fn span(grid: &[Vec<Slot<'_>>], r: usize, c: usize, limit: usize) -> (usize, usize) {
    let cols = grid.get(r).map_or(0, Vec::len);
    let colspan = (c..cols).take_while(|&cc| owns(grid, r, cc, r, c)).count().max(1);
    let rowspan = (r..limit).take_while(|&rr| owns(grid, rr, c, r, c)).count().max(1);
    (colspan, rowspan)
}

/// Whether the grid slot (rr, cc) belongs to the cell whose origin is at (r, c).
fn owns(grid: &[Vec<Slot<'_>>], rr: usize, cc: usize, r: usize, c: usize) -> bool {
    (rr, cc) == (r, c) || matches!(grid[rr][cc], Slot::Covered { row, col } if row == r && col == c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::Templates;

    /// Two reports of one style share the preamble word for word: the PDF writer compiles it as a
    /// file of its own so that typst's cache serves its table cells across a batch. The tables in
    /// the body are data (strings given to `data-table`), never markup with rules of its own.
    #[test]
    fn reports_of_one_style_share_the_preamble_and_give_tables_as_data() {
        let templates = Templates::builtin().expect("templates");
        let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let style = templates.style("default").expect("style");
        let setup = Setup::new(&style);
        let parts: Vec<Parts> = ["county-2021.yaml", "kaifu-2019.yaml"]
            .iter()
            .map(|file| {
                let text = std::fs::read_to_string(examples.join(file)).expect("example");
                let report = crate::load::load_str(&text).expect("loads");
                let doc = templates.render(&report, "default", false).expect("renders");
                render_with(&doc, &setup, &|role| role.of(&style).fonts.clone())
            })
            .collect();
        assert_eq!(parts[0].preamble, parts[1].preamble);
        for p in &parts {
            assert_eq!(p.body.matches("#data-table(").count(), 3, "three tables");
            assert!(!p.body.contains("table.cell") && !p.body.contains("#table("), "{}", p.body);
            assert!(p.body.contains("  \"信息内容\",\n"), "a plain cell is its string");
        }
    }
}
