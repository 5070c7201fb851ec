//! The settings of a style file named in Chinese, for messages.

/// What a setting (a dotted path such as `body.size_pt`) is, in Chinese; the path itself for one
/// this table does not know.
pub(super) fn what(key: &str) -> String {
    let fixed = match key {
        "page" => Some("纸张与页边距"),
        "page.width_mm" => Some("纸宽"),
        "page.height_mm" => Some("纸高"),
        "page.margin_top_mm" => Some("上白边"),
        "page.margin_bottom_mm" => Some("下白边"),
        "page.margin_left_mm" => Some("左白边"),
        "page.margin_right_mm" => Some("右白边"),
        "line_pitch_pt" => Some("行距"),
        "first_line_indent_chars" => Some("正文首行缩进"),
        "page_number" => Some("页码设置"),
        "page_number.position" => Some("页码位置"),
        "page_number.below_text_mm" => Some("页码距版心下边缘的距离"),
        _ => None,
    };
    if let Some(f) = fixed {
        return f.to_string();
    }
    let (path, field) = match key.rsplit_once('.') {
        Some((r, f)) if role(r).is_some() => (r, Some(f)),
        _ => (key, None),
    };
    let Some(role) = role(path) else { return key.to_string() };
    match field {
        None => format!("{role}的字体字号"),
        Some("fonts") => format!("{role}的字体"),
        Some("size_pt") => format!("{role}的字号"),
        Some("bold") => format!("{role}是否加粗"),
        Some(_) => key.to_string(),
    }
}

fn role(key: &str) -> Option<&'static str> {
    Some(match key {
        "title" => "标题",
        "h1" => "一级标题",
        "h2" => "二级标题",
        "h3" => "三级标题",
        "h4" => "四级标题",
        "body" => "正文",
        "table" => "表格",
        "page_number.font" => "页码",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_in_chinese() {
        assert_eq!(what("page.width_mm"), "纸宽");
        assert_eq!(what("h2.size_pt"), "二级标题的字号");
        assert_eq!(what("page_number.font.fonts"), "页码的字体");
        assert_eq!(what("body"), "正文的字体字号");
        assert_eq!(what("nope.x"), "nope.x");
    }
}
