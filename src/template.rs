//! Locality templates: a Tera template produces the report's words and their order as a small
//! line-based markup ([`markup`]), which becomes the [`Document`] every writer uses.
//!
//! # Where templates come from
//!
//! Built-in localities are the folders of `templates/` (each a `report.tera` and usually a
//! `style.yaml`), embedded in the binary whole: adding a built-in locality is adding a folder, and
//! the first line of its `report.tera`, a one-line comment `{#- … -#}`, is its description in
//! `xxgk templates list`. A user folder given with `--templates DIR` overrides them file by file:
//! `DIR/shanghai/report.tera` replaces the built-in one, `DIR/mycity/report.tera` adds a locality.
//! A locality template usually starts with `{% extends "default/report.tera" %}` and overrides
//! blocks; `extends` resolves to the user's `default/report.tera` when there is one.
//! `xxgk templates export NAME DIR` writes `DIR/NAME/report.tera` and `DIR/NAME/style.yaml`, which
//! `--templates DIR` then uses unchanged.
//!
//! # The parts
//!
//! - this module, the store: which files there are, compiling them per locality, resolving a
//!   locality, its style, rendering and export;
//! - [`mod@context`]: every variable a template sees, typed and documented;
//! - [`markup`]: the line markup → [`Document`], the escaping of data, the official structure;
//! - [`prose`]: how prose text splits into headings, paragraphs and parts (pure text functions);
//! - `limit.rs`: the bounds on one render ([`MAX_OUTPUT_BYTES`], [`MAX_RANGE_ITEMS`]);
//! - `error.rs`: [`TemplateError`] and the translation of Tera's messages.
//!
//! The store does not print and knows nothing of the command line; the user's files are read once,
//! when the store is built.

pub mod context;
mod error;
mod limit;
pub mod markup;
pub mod prose;

pub use context::{Context, context};
pub use error::TemplateError;
pub use limit::{MAX_OUTPUT_BYTES, MAX_RANGE_ITEMS};
pub use markup::{LIT_END, LIT_START, escape_literal, parse_markup};
pub use prose::{cn_number, heading_marker, prose_blocks};

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex};

use include_dir::{Dir, include_dir};
use tera::{Kwargs, State, Tera};

use crate::doc::Document;
use crate::model::{Other as OtherSection, Prose, Report};
use crate::style::Style;

/// The file every locality renders from.
pub const REPORT_FILE: &str = "report.tera";
/// The style file of a locality (DOCX/PDF page and fonts).
pub const STYLE_FILE: &str = "style.yaml";
/// The locality every other one falls back to.
pub const DEFAULT_LOCALITY: &str = "default";

/// The built-in localities: `templates/<locality>/<file>`.
static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// One-line descriptions of the built-in localities (for `xxgk templates list`), sorted by
/// locality: the [`description`] line of each `report.tera`.
pub static BUILTIN_DESCRIPTIONS: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    let mut all: Vec<_> = builtin_sources()
        .filter(|(_, file, _)| *file == REPORT_FILE)
        .filter_map(|(locality, _, text)| Some((locality, description(text)?)))
        .collect();
    all.sort();
    all
});

/// A template's description: its first line when that is a one-line comment, `{#- 说明 -#}`.
pub fn description(template: &str) -> Option<&str> {
    let line = template.lines().next()?.trim();
    let inner = line.strip_prefix("{#")?.strip_suffix("#}")?;
    let inner = inner.strip_prefix('-').unwrap_or(inner);
    let inner = inner.strip_suffix('-').unwrap_or(inner).trim();
    (!inner.is_empty()).then_some(inner)
}

/// Files a locality folder contributes: templates and its style; anything else is ignored.
fn is_template_file(name: &str) -> bool {
    name.ends_with(".tera") || name == STYLE_FILE
}

/// The embedded files: (locality, file name, text).
fn builtin_sources() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    BUILTIN.dirs().flat_map(Dir::files).filter_map(|f| {
        let path = f.path();
        let locality = path.parent()?.to_str()?;
        let name = path.file_name()?.to_str()?;
        if !is_template_file(name) {
            return None;
        }
        // Templates are UTF-8 (a unit test checks that every built-in file is taken).
        Some((locality, name, f.contents_utf8()?))
    })
}

/// Where a template file came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    User(PathBuf),
}

#[derive(Debug, Clone)]
struct Source {
    text: String,
    origin: Origin,
}

/// The set of templates in use: the built-ins, overridden file by file by a user folder.
///
/// Each locality is compiled on first use together with `default/`, so that one broken or
/// incompatible locality never stops the others from rendering.
pub struct Templates {
    /// `locality/file` → source, for error locations, styles and export.
    files: BTreeMap<String, Source>,
    compiled: Mutex<HashMap<String, Arc<Tera>>>,
    /// Parsed style files, by file key (parsed once per process, not once per report).
    styles: Mutex<HashMap<String, Style>>,
}

impl Clone for Templates {
    fn clone(&self) -> Self {
        Templates { files: self.files.clone(), compiled: Mutex::default(), styles: Mutex::default() }
    }
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates").field("files", &self.files.keys().collect::<Vec<_>>()).finish()
    }
}

/// Name of a template inside Tera: `locality/file`.
fn key(locality: &str, file: &str) -> String {
    format!("{locality}/{file}")
}

/// A section 六 topic's prose, by its English id.
fn topic_text<'a>(other: &'a OtherSection, id: &str) -> Option<&'a Prose> {
    other.topics.iter().find(|(k, _)| *k == id).map(|(_, p)| p)
}

impl Templates {
    /// The built-in templates only.
    pub fn builtin() -> Result<Templates, TemplateError> {
        Templates::build(builtin_files())
    }

    /// The built-ins overridden by the files of `dir` (`dir/<locality>/<file>`).
    pub fn with_user_dir(dir: &Path) -> Result<Templates, TemplateError> {
        let mut files = builtin_files();
        let entries =
            std::fs::read_dir(dir).map_err(|source| TemplateError::Read { path: dir.into(), source })?;
        for entry in entries {
            let entry = entry.map_err(|source| TemplateError::Read { path: dir.into(), source })?;
            let path = entry.path();
            if !path.is_dir() {
                continue;
            }
            let Some(locality) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
                continue;
            };
            let inner = std::fs::read_dir(&path)
                .map_err(|source| TemplateError::Read { path: path.clone(), source })?;
            for file in inner {
                let file = file.map_err(|source| TemplateError::Read { path: path.clone(), source })?;
                let fpath = file.path();
                let Some(name) = fpath.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
                    continue;
                };
                if !fpath.is_file() || !is_template_file(&name) {
                    continue;
                }
                let bytes = std::fs::read(&fpath)
                    .map_err(|source| TemplateError::Read { path: fpath.clone(), source })?;
                let text =
                    String::from_utf8(bytes).map_err(|_| TemplateError::NotUtf8 { path: fpath.clone() })?;
                files.insert(key(&locality, &name), Source { text, origin: Origin::User(fpath) });
            }
        }
        Templates::build(files)
    }

    fn build(files: BTreeMap<String, Source>) -> Result<Templates, TemplateError> {
        Ok(Templates { files, compiled: Mutex::default(), styles: Mutex::default() })
    }

    /// The compiled templates of `locality` and `default`.
    fn tera(&self, locality: &str) -> Result<Arc<Tera>, TemplateError> {
        let mut cache = self.compiled.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(t) = cache.get(locality) {
            return Ok(t.clone());
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".tera"]);
        tera.set_escape_fn(escape_literal);
        // `safe` would let data through unescaped, where it could become markup: make it a no-op.
        tera.register_filter("safe", |s: std::borrow::Cow<'_, str>, _: Kwargs, _: &State| s.into_owned());
        // Tera's `range` with a budget per render, so that nested loops end (see `limit`).
        tera.register_function("range", limit::range);
        let prefixes = [format!("{DEFAULT_LOCALITY}/"), format!("{locality}/")];
        let sources = self
            .files
            .iter()
            .filter(|(name, _)| {
                name.ends_with(".tera") && prefixes.iter().any(|p| name.starts_with(p.as_str()))
            })
            .map(|(n, s)| (n, &s.text));
        tera.add_raw_templates(sources).map_err(|e| self.tera_error(e, Some(&key(locality, REPORT_FILE))))?;
        let tera = Arc::new(tera);
        cache.insert(locality.to_string(), tera.clone());
        Ok(tera)
    }

    /// Every locality that has a report template, sorted, with where it comes from.
    pub fn localities(&self) -> Vec<(String, Origin)> {
        self.files
            .iter()
            .filter_map(|(k, s)| {
                let (loc, file) = k.split_once('/')?;
                (file == REPORT_FILE).then(|| (loc.to_string(), s.origin.clone()))
            })
            .collect()
    }

    fn locality_names(&self) -> String {
        self.localities().into_iter().map(|(l, _)| l).collect::<Vec<_>>().join("、")
    }

    /// Checks that `locality` has a template.
    pub fn resolve(&self, locality: &str) -> Result<String, TemplateError> {
        let name = key(locality, REPORT_FILE);
        if self.files.contains_key(&name) {
            Ok(name)
        } else {
            Err(TemplateError::UnknownLocality {
                name: locality.to_string(),
                available: self.locality_names(),
            })
        }
    }

    /// The display path of a template: the user's file, or `内置模板 locality/file`.
    fn display(&self, name: &str) -> String {
        match self.files.get(name).map(|s| &s.origin) {
            Some(Origin::User(p)) => p.display().to_string(),
            _ => format!("内置模板 {name}"),
        }
    }

    /// The locality's style: its `style.yaml`, else the default locality's.
    pub fn style(&self, locality: &str) -> Result<Style, TemplateError> {
        let name = [key(locality, STYLE_FILE), key(DEFAULT_LOCALITY, STYLE_FILE)]
            .into_iter()
            .find(|n| self.files.contains_key(n));
        let Some(name) = name else {
            return Ok(Style::default());
        };
        if let Some(style) = self.styles.lock().unwrap_or_else(|e| e.into_inner()).get(&name) {
            return Ok(style.clone());
        }
        let style = Style::from_yaml(&self.files[&name].text)
            .map_err(|e| TemplateError::Style { file: self.display(&name), message: e.to_string() })?;
        self.styles.lock().unwrap_or_else(|e| e.into_inner()).insert(name, style.clone());
        Ok(style)
    }

    /// The raw markup a locality's template produces for a report (for debugging templates),
    /// within [`MAX_OUTPUT_BYTES`] and [`MAX_RANGE_ITEMS`].
    pub fn render_markup(
        &self,
        report: &Report,
        locality: &str,
        draft: bool,
    ) -> Result<String, TemplateError> {
        let name = self.resolve(locality)?;
        let tera = self.tera(locality)?;
        let ctx = tera::Context::from_serialize(&context(report, locality, draft))
            .map_err(|e| self.tera_error(e, Some(&name)))?;
        limit::render(&tera, &name, &ctx).map_err(|stop| match stop {
            limit::Stop::TooLarge => {
                TemplateError::TooLarge { file: self.display(&name), limit: MAX_OUTPUT_BYTES }
            }
            limit::Stop::Tera(e) => self.tera_error(e, Some(&name)),
        })
    }

    /// Renders a report through a locality's template into the document every writer uses.
    pub fn render(&self, report: &Report, locality: &str, draft: bool) -> Result<Document, TemplateError> {
        let markup = self.render_markup(report, locality, draft)?;
        let file = || self.display(&key(locality, REPORT_FILE));
        let doc = parse_markup(&markup, report, draft).map_err(|(line, message)| TemplateError::Markup {
            file: file(),
            line,
            message,
        })?;
        markup::official_structure(&doc).map_err(|(rule, message)| TemplateError::Structure {
            file: file(),
            rule,
            message,
        })?;
        Ok(doc)
    }

    /// Writes a locality's files to `dir/<locality>/` (for `xxgk templates export`). Files the
    /// locality inherits from `default` are not copied: `--templates dir` still finds them built in.
    /// Existing files are kept unless `force`.
    pub fn export(&self, locality: &str, dir: &Path, force: bool) -> Result<Vec<PathBuf>, TemplateError> {
        self.resolve(locality)?;
        let out = dir.join(locality);
        std::fs::create_dir_all(&out).map_err(|source| TemplateError::Write { path: out.clone(), source })?;
        let prefix = format!("{locality}/");
        let files: Vec<(PathBuf, &str)> = self
            .files
            .iter()
            .filter_map(|(name, src)| Some((out.join(name.strip_prefix(&prefix)?), src.text.as_str())))
            .collect();
        if !force && let Some((path, _)) = files.iter().find(|(p, _)| p.exists()) {
            return Err(TemplateError::Exists { path: path.clone() });
        }
        let mut written = Vec::new();
        for (path, text) in files {
            crate::output::write_atomic(&path, text.as_bytes(), true)
                .map_err(|source| TemplateError::Write { path: path.clone(), source })?;
            written.push(path);
        }
        Ok(written)
    }
}

fn builtin_files() -> BTreeMap<String, Source> {
    builtin_sources()
        .map(|(loc, file, text)| (key(loc, file), Source { text: text.to_string(), origin: Origin::BuiltIn }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Block;
    use crate::model::Edition;
    use crate::tables::tests::sample;

    #[test]
    fn every_builtin_locality_renders() {
        let t = Templates::builtin().unwrap();
        for e in [Edition::E2019, Edition::E2021] {
            let r = sample(e, |_, _| 0);
            for (loc, _) in t.localities() {
                let doc = t.render(&r, &loc, false).unwrap();
                let tables = doc.blocks.iter().filter(|b| matches!(b, Block::Table(_))).count();
                assert_eq!(tables, 3, "{loc}");
                assert!(t.style(&loc).is_ok(), "{loc}");
            }
        }
    }

    /// Every file under `templates/` is embedded, and every built-in locality describes itself.
    #[test]
    fn builtin_folders_are_the_localities() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut on_disk = Vec::new();
        for loc in std::fs::read_dir(&dir).unwrap() {
            let loc = loc.unwrap().path();
            for file in std::fs::read_dir(&loc).unwrap() {
                let file = file.unwrap().path();
                let name = |p: &Path| p.file_name().unwrap().to_str().unwrap().to_string();
                if is_template_file(&name(&file)) {
                    on_disk.push(key(&name(&loc), &name(&file)));
                }
            }
        }
        on_disk.sort();
        let embedded: Vec<String> = builtin_files().into_keys().collect();
        assert_eq!(embedded, on_disk, "rebuild after adding files to templates/ (build.rs watches it)");
        let t = Templates::builtin().unwrap();
        let described: Vec<&str> = BUILTIN_DESCRIPTIONS.iter().map(|(l, _)| *l).collect();
        let localities: Vec<String> = t.localities().into_iter().map(|(l, _)| l).collect();
        assert_eq!(described, localities, "the first line of each report.tera is `{{#- 说明 -#}}`");
    }

    #[test]
    fn description_is_the_first_line_comment() {
        assert_eq!(
            description("{#- 某市：页码居中 -#}\n{% extends \"default/report.tera\" %}"),
            Some("某市：页码居中")
        );
        assert_eq!(description("{# 说明 #}"), Some("说明"));
        assert_eq!(description("{#-\n  多行注释\n-#}"), None);
        assert_eq!(description("@title {{ title }}"), None);
    }
}
