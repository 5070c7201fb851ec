//! The fill-in workbook of a report: a sheet for the heading fields, one per table laid out like the
//! official table, and one for the prose. Input cells are unlocked and validated, everything else is
//! locked (sheet protection without a password), totals are formulas, every input cell and every
//! section has a defined name.

use super::layout::*;
use crate::doc::CellRole;
use crate::model::*;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, Format, FormatAlign,
    FormatBorder, Formula, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

/// Spare empty rows after each prose section, for paragraphs to come.
const SPARE_ROWS: usize = 8;

/// Why the workbook could not be made (a limit of the file format: a text too long for a cell).
#[derive(Debug, thiserror::Error)]
#[error("无法生成工作簿：{0}")]
pub struct WriteError(String);

impl From<XlsxError> for WriteError {
    fn from(e: XlsxError) -> Self {
        WriteError(e.to_string())
    }
}

struct Formats {
    title: Format,
    note: Format,
    header: Format,
    caption: Format,
    label: Format,
    count: Format,
    signed: Format,
    money: Format,
    text: Format,
    total: Format,
    prose_head: Format,
    prose: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new().set_font_name("宋体").set_font_size(11).set_text_wrap();
        let boxed = base.clone().set_border(FormatBorder::Thin).set_align(FormatAlign::VerticalCenter);
        let input = boxed.clone().set_unlocked().set_background_color(Color::RGB(0xFFF8DC));
        Formats {
            title: base.clone().set_bold().set_font_size(14).set_font_name("黑体"),
            note: base.clone().set_font_color(Color::RGB(0x555555)),
            header: boxed
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xEDEDED)),
            caption: boxed.clone().set_bold().set_align(FormatAlign::Center),
            label: boxed.clone().set_align(FormatAlign::Left),
            count: input.clone().set_num_format("0").set_align(FormatAlign::Center),
            signed: input.clone().set_num_format("+0;-0;0").set_align(FormatAlign::Center),
            money: input.clone().set_num_format("General").set_align(FormatAlign::Center),
            text: input.clone().set_num_format("@").set_align(FormatAlign::Left),
            total: boxed
                .clone()
                .set_num_format("0")
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xD9D9D9)),
            prose_head: boxed.clone().set_bold().set_background_color(Color::RGB(0xEDEDED)),
            prose: input.set_num_format("@").set_align(FormatAlign::Top),
        }
    }
}

/// The workbook of `report` (a blank one from [`crate::init::blank`] for a new workbook): its
/// figures, heading fields and prose in their cells.
pub fn workbook(report: &Report) -> Result<Vec<u8>, WriteError> {
    let layout = Layout::new(report.edition);
    let f = Formats::new();
    let mut wb = Workbook::new();
    let edition_text = format!("{}年版（{}）", report.edition.year(), report.edition.notice());
    let props = DocProperties::new()
        .set_title(report.title())
        .set_subject("政府信息公开工作年度报告 数据填报表")
        .set_keywords(format!("xxgk; {}; {edition_text}", report.year.value))
        .set_company(&report.agency.value);
    wb.set_properties(&props);
    let mut names: Vec<(String, String)> = Vec::new();

    // 基本信息
    let ws = wb.add_worksheet().set_name(SHEET_BASICS)?;
    ws.write_string_with_format(0, 0, format!("{} · 数据填报表", report.title()), &f.title)?;
    ws.write_string_with_format(
        1,
        0,
        "浅黄色格子由填报单位填写，其余格子不能修改。填好后运行：xxgk check 本文件；生成报告：xxgk render 本文件",
        &f.note,
    )?;
    ws.set_column_width(0, 14)?;
    ws.set_column_width(1, 70)?;
    for field in layout.fields.iter().filter(|x| x.sheet == SHEET_BASICS) {
        ws.write_string_with_format(field.row, 0, basic_label(field.key), &f.label)?;
        let value = basic_value(report, field.key, &edition_text);
        let format = if field.input { &f.text } else { &f.label };
        ws.write_string_with_format(field.row, 1, value, format)?;
        if field.input {
            ws.add_data_validation(field.row, 1, field.row, 1, &text_validation(field.key)?)?;
        }
        names.push((field.name.clone(), reference(SHEET_BASICS, field.row, 1)));
    }
    protect(ws);

    // 表二, 表三, 表四
    let values = figures(report, &layout);
    for table in &layout.tables {
        let ws = wb.add_worksheet().set_name(table.name)?;
        ws.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0);
        let width = table.widths.len() as u16;
        ws.merge_range(0, 0, 0, width - 1, &table.title, &f.title)?;
        ws.merge_range(
            1,
            0,
            1,
            width - 1,
            "浅黄色格子填数字（没有请填 0），灰色格子是自动计算的合计，不能修改。",
            &f.note,
        )?;
        ws.set_row_height(1, 20)?;
        for (i, w) in table.widths.iter().enumerate() {
            ws.set_column_width(i as u16, *w)?;
        }
        // Rows of merged cells are not fitted to their text by any program: a label that wraps
        // gets the height of its lines (a CJK character is about 1.9 units of column width).
        let mut heights: std::collections::BTreeMap<u32, f64> = std::collections::BTreeMap::new();
        for cell in table.fixed.iter().filter(|c| c.rows == 1) {
            let width: f64 = table.widths.iter().skip(cell.col as usize).take(cell.cols as usize).sum();
            let lines = (cell.text.chars().count() as f64 * 1.9 / width.max(1.0)).ceil().max(1.0);
            if lines > 1.0 {
                let h = heights.entry(cell.row).or_insert(0.0);
                *h = h.max(15.0 * lines);
            }
        }
        for (row, height) in heights {
            ws.set_row_height(row, height)?;
        }
        for cell in &table.fixed {
            let format = match cell.role {
                CellRole::Header => &f.header,
                CellRole::Caption => &f.caption,
                _ => &f.label,
            };
            if cell.rows > 1 || cell.cols > 1 {
                ws.merge_range(
                    cell.row,
                    cell.col,
                    cell.row + cell.rows - 1,
                    cell.col + cell.cols - 1,
                    &cell.text,
                    format,
                )?;
            } else {
                ws.write_string_with_format(cell.row, cell.col, &cell.text, format)?;
            }
        }
        let mut written: std::collections::HashMap<(u32, u16), f64> = std::collections::HashMap::new();
        for field in layout.fields.iter().filter(|x| x.sheet == table.name) {
            let value = values.iter().find(|(k, _)| *k == field.key).map(|(_, v)| v.as_str()).unwrap_or("0");
            let number: f64 = value.parse().unwrap_or(0.0);
            let format = match field.kind {
                Kind::Signed => &f.signed,
                Kind::Money(_) => &f.money,
                _ => &f.count,
            };
            if field.cols > 1 {
                ws.merge_range(field.row, field.col, field.row, field.col + field.cols - 1, "", format)?;
            }
            ws.write_number_with_format(field.row, field.col, number, format)?;
            written.insert((field.row, field.col), number);
            ws.add_data_validation(field.row, field.col, field.row, field.col, &number_validation(field)?)?;
            names.push((field.name.clone(), reference(table.name, field.row, field.col)));
        }
        let computed: Vec<_> = layout.computed.iter().filter(|c| c.sheet == table.name).collect();
        for c in &computed {
            let result = total(&c.terms, &written, &computed, 0);
            let formula = Formula::new(sum_formula(&c.terms)).set_result(number_text(result));
            ws.write_formula_with_format(c.row, c.col, formula, &f.total)?;
            names.push((c.name.clone(), reference(table.name, c.row, c.col)));
        }
        protect(ws);
    }
    // Each formula carries its result: Excel recalculates on loading, but LibreOffice (by default)
    // and a converter show the cached value, which would otherwise be 0. The reader never uses it.

    // 正文
    let ws = wb.add_worksheet().set_name(SHEET_PROSE)?;
    ws.set_column_width(0, 22)?;
    ws.set_column_width(1, 100)?;
    ws.write_string_with_format(0, 0, "正文", &f.title)?;
    ws.write_string_with_format(
        1,
        0,
        "每个部分下面一行填一段（B 列）；以“（一）”“1.”等开头的行是小标题。行不够可以插入行。不要改动 A 列的部分名称。",
        &f.note,
    )?;
    let mut row = 3u32;
    for section in Section::all(report.edition) {
        ws.write_string_with_format(row, 0, section.heading(), &f.prose_head)?;
        let hint = if section.has_text() { "下面每行一段" } else { "" };
        ws.write_string_with_format(row, 1, hint, &f.prose_head)?;
        names.push((section.name(), reference(SHEET_PROSE, row, 0)));
        row += 1;
        if section == Section::OtherHead {
            ws.write_string_with_format(row, 0, FEE_LABEL, &f.label)?;
            let fee = report.other.fee.as_ref().map(|v| v.value.text.as_str());
            match fee {
                Some(fee) => {
                    ws.write_number_with_format(row, 1, fee.parse::<f64>().unwrap_or(0.0), &f.money)?
                }
                None => ws.write_blank(row, 1, &f.money)?,
            };
            if let Some(field) = layout.field(Key::Fee) {
                ws.add_data_validation(row, 1, row, 1, &number_validation(field)?)?;
            }
            names.push((FEE_NAME.into(), reference(SHEET_PROSE, row, 1)));
            row += 1;
        }
        if !section.has_text() {
            continue;
        }
        let text = section_text(report, section);
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        let validation = prose_validation()?;
        let first = row;
        for line in &lines {
            ws.write_string_with_format(row, 1, *line, &f.prose)?;
            ws.write_blank(row, 0, &f.label)?;
            row += 1;
        }
        for _ in 0..SPARE_ROWS {
            ws.write_blank(row, 1, &f.prose)?;
            ws.write_blank(row, 0, &f.label)?;
            row += 1;
        }
        ws.add_data_validation(first, 1, row - 1, 1, &validation)?;
    }
    let options =
        ProtectionOptions { insert_rows: true, delete_rows: true, format_rows: true, ..Default::default() };
    ws.protect_with_options(&options);

    for (name, formula) in names {
        wb.define_name(name, &formula)?;
    }
    Ok(wb.save_to_buffer()?)
}

/// Locked cells stay locked; rows and columns may be resized.
fn protect(ws: &mut Worksheet) {
    let options = ProtectionOptions { format_rows: true, format_columns: true, ..Default::default() };
    ws.protect_with_options(&options);
}

/// `='表三'!$D$7`.
pub(super) fn reference(sheet: &str, row: u32, col: u16) -> String {
    format!("='{sheet}'!${}${}", column_name(col), row + 1)
}

/// `A`, `B`, …, `Z`, `AA`.
pub fn column_name(col: u16) -> String {
    let mut n = col as u32 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// `D7`.
pub fn cell_name(row: u32, col: u16) -> String {
    format!("{}{}", column_name(col), row + 1)
}

/// `SUM(D7:I7)` for a run of cells in a row or a column, else `SUM(D7,E9,…)`.
fn sum_formula(terms: &[(u32, u16)]) -> String {
    let same_row = terms.windows(2).all(|w| w[0].0 == w[1].0 && w[1].1 == w[0].1 + 1);
    let same_col = terms.windows(2).all(|w| w[0].1 == w[1].1 && w[1].0 == w[0].0 + 1);
    match (terms.first(), terms.last()) {
        (Some(a), Some(b)) if same_row || same_col => {
            format!("=SUM({}:{})", cell_name(a.0, a.1), cell_name(b.0, b.1))
        }
        _ => format!("=SUM({})", terms.iter().map(|(r, c)| cell_name(*r, *c)).collect::<Vec<_>>().join(",")),
    }
}

/// The figures of a report by key, as text (counts, signed changes, money as written).
fn figures(r: &Report, layout: &Layout) -> Vec<(Key, String)> {
    let mut out = Vec::new();
    for (ri, (_, cells)) in r.proactive.rows().iter().enumerate() {
        for (ci, cell) in cells.iter().enumerate() {
            out.push((Key::T2(ri, ci), cell.data_text()));
        }
    }
    for (ri, row) in r.requests.rows.iter().enumerate() {
        for (ci, v) in row.values.iter().enumerate() {
            out.push((Key::T3(ri, ci), v.value.to_string()));
        }
    }
    for (gi, g) in r.appeals.groups.iter().enumerate() {
        for (oi, v) in g.values.iter().enumerate() {
            out.push((Key::T4(gi, oi), v.value.to_string()));
        }
    }
    out.retain(|(k, _)| layout.field(*k).is_some());
    out
}

fn basic_value(r: &Report, key: Key, edition_text: &str) -> String {
    let s = |v: Option<&String>| v.cloned().unwrap_or_default();
    match key {
        Key::Agency => r.agency.value.clone(),
        Key::Year => r.year.value.to_string(),
        Key::Edition => edition_text.to_string(),
        Key::Locality => s(r.locality.as_ref().map(|v| &v.value)),
        Key::Title => s(r.title.as_ref().map(|v| &v.value)),
        Key::Url => s(r.url.as_ref()),
        Key::Contact(i) => {
            let c = &r.contacts;
            s([&c.address, &c.postcode, &c.phone, &c.fax, &c.email][i].as_ref())
        }
        Key::SignUnit => s(r.signature.unit.as_ref()),
        Key::SignDate => s(r.signature.date.as_ref().map(|v| &v.value)),
        _ => String::new(),
    }
}

/// The text of a prose section.
fn section_text(r: &Report, section: Section) -> String {
    match section {
        Section::Overview => r.overview.text.clone(),
        Section::Problems => r.problems.text.clone(),
        Section::Other => r.other.prose.as_ref().map(|p| p.text.clone()).unwrap_or_default(),
        Section::OtherHead => String::new(),
        Section::Topic(i) => {
            let id = OTHER_TOPICS[i].1;
            match r.other.topics.iter().find(|(t, _)| *t == id) {
                Some((_, p)) => p.text.clone(),
                // A 2021 report whose 六 is one text: the text goes to 其他.
                None if id == "other" => r.other.prose.as_ref().map(|p| p.text.clone()).unwrap_or_default(),
                None => String::new(),
            }
        }
    }
}

/// Input and error messages are cut to what the file format holds (32 and 255 characters).
fn cut(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

fn number_validation(field: &Field) -> Result<DataValidation, XlsxError> {
    let max = crate::load::MAX_COUNT as i32;
    let (v, what) = match field.kind {
        Kind::Count | Kind::Text => (
            DataValidation::new().allow_whole_number(DataValidationRule::Between(0, max)),
            "请填写 0 或正整数（件数），没有请填 0。",
        ),
        Kind::Signed => (
            DataValidation::new().allow_whole_number(DataValidationRule::Between(-max, max)),
            "请填写整数，减少时填负数（如 -3），没有变化填 0。",
        ),
        Kind::Money(MoneyUnit::TenThousandYuan) => (
            DataValidation::new().allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0)),
            "请填写金额（万元），不小于 0，可有小数，不写单位。",
        ),
        Kind::Money(_) => (
            DataValidation::new().allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0)),
            "请填写金额（元），不小于 0，可有小数，不写单位；没有收取填 0。",
        ),
    };
    v.set_input_title(cut(&field.label, 32))?
        .set_input_message(what)?
        .set_error_title("数字不符合要求")?
        .set_error_message(format!("“{}”：{what}", cut(&field.label, 60)))
        .map(|v| v.set_error_style(DataValidationErrorStyle::Stop))
}

fn text_validation(key: Key) -> Result<DataValidation, XlsxError> {
    let message = match key {
        Key::Agency => "机关全称，如“长沙市开福区科学技术局”。",
        Key::Locality => "地区模板名，如 shanghai；不用可留空。",
        Key::Title => "报告标题；留空则为“{机关}{年度}年政府信息公开工作年度报告”。",
        Key::Url => "报告电子版的查阅网址；可留空。",
        Key::SignDate => "成文日期，如 2024年1月16日 或 2024-01-16。",
        _ => "可留空。",
    };
    DataValidation::new().allow_any_value().set_input_title(basic_label(key))?.set_input_message(message)
}

fn prose_validation() -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_any_value()
        .set_input_title("正文")?
        .set_input_message("一行填一段。以“（一）”“1.”等开头的行是小标题。")
}

/// The sum of `terms` over the values written, a term that is itself a total summed in turn.
fn total(
    terms: &[(u32, u16)],
    written: &std::collections::HashMap<(u32, u16), f64>,
    computed: &[&Computed],
    depth: usize,
) -> f64 {
    terms
        .iter()
        .map(|at| match written.get(at) {
            Some(v) => *v,
            None if depth < 4 => computed
                .iter()
                .find(|c| (c.row, c.col) == *at)
                .map_or(0.0, |c| total(&c.terms, written, computed, depth + 1)),
            None => 0.0,
        })
        .sum()
}

/// A cached result as Excel writes it: integers without a decimal point.
fn number_text(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}
