//! Rendering orchestration: locality resolution, Report → Document through the locality template,
//! Document → each output format, output naming after the report's title, atomic writes.

use std::path::{Path, PathBuf};

use crate::doc::Document;
use crate::model::Report;
use crate::template::{DEFAULT_LOCALITY, TemplateError, Templates};
use crate::write;

/// An output format this module renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Markdown,
    Html,
}

impl Format {
    /// The file extension (without dot).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
        }
    }

    /// Parses a `-f` value: `md`, `markdown`, `html`, `htm`.
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }

    /// The format a file name's extension asks for.
    pub fn from_path(path: &Path) -> Option<Format> {
        path.extension().and_then(|e| e.to_str()).and_then(Format::parse)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error("无法写入 {}：{source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
    #[error("-o {} 是一个文件名，但本次要生成 {count} 个文件；请用 -o 指定目录", path.display())]
    OutputNotDir { path: PathBuf, count: usize },
    #[error("{} 会被生成两次（两个报告的标题相同？）", path.display())]
    Collision { path: PathBuf },
}

/// The locality a report renders with: `--locality`, else `地区`, else `default`.
pub fn locality_of<'a>(report: &'a Report, cli: Option<&'a str>) -> &'a str {
    cli.filter(|s| !s.trim().is_empty())
        .or_else(|| report.locality.as_ref().map(|l| l.value.as_str()).filter(|s| !s.trim().is_empty()))
        .unwrap_or(DEFAULT_LOCALITY)
}

/// Templates plus the rendering steps; build once, render many reports.
#[derive(Debug, Clone)]
pub struct Renderer {
    pub templates: Templates,
}

impl Renderer {
    /// Built-in templates, overridden by `templates_dir` when given.
    pub fn new(templates_dir: Option<&Path>) -> Result<Renderer, RenderError> {
        let templates = match templates_dir {
            Some(dir) => Templates::with_user_dir(dir)?,
            None => Templates::builtin()?,
        };
        Ok(Renderer { templates })
    }

    /// Report → Document through the locality's template.
    pub fn document(
        &self,
        report: &Report,
        locality: Option<&str>,
        draft: bool,
    ) -> Result<Document, RenderError> {
        Ok(self.templates.render(report, locality_of(report, locality), draft)?)
    }

    /// Document → the bytes of one format.
    pub fn output(&self, doc: &Document, format: Format) -> Vec<u8> {
        match format {
            Format::Markdown => write::markdown::render(doc).into_bytes(),
            Format::Html => write::html::render(doc).into_bytes(),
        }
    }
}

/// A file name from a report title: characters Windows or Unix forbid become `_`, and the name is
/// kept short enough for every file system (Chinese names stay as they are).
pub fn file_stem(title: &str) -> String {
    let mut s: String = title
        .chars()
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    // Windows drops trailing dots and spaces; names must not be empty or reserved device names.
    while s.ends_with(['.', ' ']) {
        s.pop();
    }
    let s = s.trim_start().to_string();
    let mut s = if s.is_empty() { "报告".to_string() } else { s };
    let upper = s.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = ["CON", "PRN", "AUX", "NUL"].contains(&upper.as_str())
        || (upper.len() == 4
            && (upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.as_bytes()[3].is_ascii_digit());
    if reserved {
        s.insert(0, '_');
    }
    // 80 characters (≤ 240 bytes in UTF-8) leaves room for the folder and the extension.
    if s.chars().count() > 80 {
        s = s.chars().take(80).collect();
    }
    s
}

/// Where one output goes: `-o FILE` as given; `-o DIR` or next to the input otherwise, named
/// after the title with the format's extension.
pub fn output_path(input: &Path, title: &str, format: Format, out: Option<&OutTarget>) -> PathBuf {
    let name = format!("{}.{}", file_stem(title), format.extension());
    match out {
        Some(OutTarget::File(f)) => f.clone(),
        Some(OutTarget::Dir(d)) => d.join(name),
        None => input.parent().map_or_else(|| PathBuf::from(&name), |p| p.join(&name)),
    }
}

/// What `-o` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutTarget {
    Dir(PathBuf),
    File(PathBuf),
}

impl OutTarget {
    /// An existing directory, a path ending in a separator, or a path without a known output
    /// extension is a directory; `report.html` is a file.
    pub fn classify(path: &Path) -> OutTarget {
        let s = path.as_os_str().to_string_lossy();
        if path.is_dir() || s.ends_with('/') || s.ends_with('\\') || Format::from_path(path).is_none() {
            OutTarget::Dir(path.to_path_buf())
        } else {
            OutTarget::File(path.to_path_buf())
        }
    }
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, then a rename, so a
/// reader never sees half a file and a failed run leaves the old file in place.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), RenderError> {
    use std::io::Write;
    let err = |source| RenderError::Write { path: path.to_path_buf(), source };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(err)?;
    let mut tmp = tempfile::Builder::new().prefix(".xxgk-").suffix(".tmp").tempfile_in(&dir).map_err(err)?;
    tmp.write_all(bytes).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_everywhere() {
        assert_eq!(
            file_stem("开福区科学技术局2019年政府信息公开工作年度报告"),
            "开福区科学技术局2019年政府信息公开工作年度报告"
        );
        assert_eq!(file_stem("a/b\\c:d*e?f\"g<h>i|j"), "a_b_c_d_e_f_g_h_i_j");
        assert_eq!(file_stem("报告. "), "报告");
        assert_eq!(file_stem("CON"), "_CON");
        assert_eq!(file_stem("  "), "报告");
        assert_eq!(file_stem(&"长".repeat(200)).chars().count(), 80);
    }

    #[test]
    fn out_target_is_dir_unless_it_names_an_output_file() {
        assert_eq!(OutTarget::classify(Path::new("out/报告.html")), OutTarget::File("out/报告.html".into()));
        assert_eq!(OutTarget::classify(Path::new("输出")), OutTarget::Dir("输出".into()));
        assert_eq!(OutTarget::classify(Path::new("out/")), OutTarget::Dir("out/".into()));
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("中文目录").join("报告.md");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, "二".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "二");
        let names: Vec<_> = std::fs::read_dir(p.parent().unwrap()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }
}
