//! `xxgk render` of many files: each loaded, checked and laid out through its template, its
//! outputs planned (names, collisions, what may be replaced) and produced across the cores.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{FileError, FileReport, OutputReport, cores, parallel_map};
use crate::check;
use crate::doc::Document;
use crate::model::Report;
use crate::output::{self, FileId, OutTarget, OutputError, Record};
use crate::render::{Format, RenderError, Renderer};
use crate::style::Style;

/// What to render: every file to every format.
#[derive(Debug, Clone, Default)]
pub struct RenderRequest {
    pub files: Vec<PathBuf>,
    /// Formats; empty means the `output` file's extension, else HTML.
    pub formats: Vec<Format>,
    /// A folder, or a file name when only one output is made; `None`: next to each data file.
    pub output: Option<PathBuf>,
    /// The locality template for every file; `None`: each file's `地区`, else `default`.
    pub locality: Option<String>,
    /// Render files with errors too, marked “草稿”.
    pub draft: bool,
    /// Replace existing files even when xxgk did not write them or they were changed since (never
    /// a data file of the run).
    pub force: bool,
    /// How many outputs are produced at once; `None`: one per core.
    pub jobs: Option<usize>,
}

/// Told how the slow part of a batch advances, to show a progress bar.
pub trait Progress: Sync {
    /// `total` outputs (every file in every format) are about to be handled.
    fn start(&self, total: usize);
    /// One more is done: written, failed, or not made because its file failed.
    fn advance(&self);
}

/// No progress shown.
impl Progress for () {
    fn start(&self, _total: usize) {}
    fn advance(&self) {}
}

/// Loads and checks each file, renders it to every format and writes the outputs atomically.
/// Fails as a whole only when `output` names one file but more are to be made, or a file of
/// another format. An output is not written over a data file of the run, nor (without `force`)
/// over a file that xxgk did not write or that was changed since: each folder's [`Record`] says.
pub fn render_files(
    renderer: &Renderer,
    request: &RenderRequest,
    progress: &impl Progress,
) -> Result<Vec<FileReport>, RenderError> {
    let target = request.output.as_deref().map(OutTarget::classify);
    let mut formats = request.formats.clone();
    if formats.is_empty() {
        formats.push(match &target {
            Some(OutTarget::File(f)) => Format::from_path(f).unwrap_or(Format::Html),
            _ => Format::Html,
        });
    }
    formats.sort();
    formats.dedup();
    let count = request.files.len() * formats.len();
    if let Some(OutTarget::File(f)) = &target {
        if count > 1 {
            return Err(RenderError::OutputNotDir { path: f.clone(), count });
        }
        // `-f pdf -o z.md` would put PDF bytes in a file every program opens as text.
        if let [format] = formats[..]
            && Format::from_path(f) != Some(format)
        {
            return Err(OutputError::Extension { path: f.clone(), format }.into());
        }
    }
    // `-o 报告` where 报告 is an existing file, not a folder: every output would fail on its own.
    if let Some(OutTarget::Dir(d)) = &target
        && d.exists()
        && !d.is_dir()
    {
        return Err(RenderError::OutputIsFile { path: d.clone() });
    }

    // The files go in chunks, so that a batch of thousands holds only two chunks' documents. A
    // chunk's files are loaded, checked and templated across the cores; its outputs are then
    // planned in file order (names, collisions, records) and produced across the cores, together
    // with the loading of the next chunk, which keeps both cores busy while the last outputs of a
    // chunk are finishing (rather than one waiting for the other at every chunk's end).
    let workers = request.jobs.unwrap_or_else(cores);
    progress.start(count);
    let mut files = Vec::new();
    let mut planned = HashSet::new();
    let mut guard = Guard::new(request);
    let mut cleaned = BTreeSet::new();
    let mut written: BTreeMap<PathBuf, Vec<(usize, usize)>> = BTreeMap::new();
    let mut chunks = request.files.chunks(CHUNK);
    let load = |path: &PathBuf| {
        let (mut file, report) = FileReport::load(path);
        let doc = report.and_then(|r| prepare(renderer, request, &mut file, &r));
        (file, doc)
    };
    let mut next = chunks.next().map(|chunk| (chunk, parallel_map(chunk, workers, load)));
    while let Some((chunk, prepared)) = next.take() {
        let mut jobs = Vec::new();
        for (path, prepared) in chunk.iter().zip(prepared) {
            let (mut file, doc) = prepared.unwrap_or_else(|| (FileReport::internal(path), None));
            let Some(doc) = doc else {
                (0..formats.len()).for_each(|_| progress.advance());
                files.push(file);
                continue;
            };
            let draft = check::has_errors(&file.findings);
            for &format in &formats {
                let dest = output::output_path(path, &doc.0.meta.title, format, target.as_ref());
                let error = if planned.insert(dest.clone()) {
                    guard.check(&dest).err().map(RenderError::from)
                } else {
                    Some(RenderError::Collision { path: dest.clone() })
                };
                if error.is_none() {
                    let at = (files.len(), file.outputs.len());
                    jobs.push(Job { doc: doc.clone(), format, dest: dest.clone(), at });
                } else {
                    progress.advance();
                }
                file.outputs.push(OutputReport { path: dest, format, draft, notices: Vec::new(), error });
            }
            files.push(file);
        }

        // Leftovers of a run that was killed while writing here.
        for dir in jobs.iter().map(|j| output::folder_of(&j.dest)) {
            if cleaned.insert(dir.to_path_buf()) {
                output::remove_stale_temporary_files(dir, output::STALE_AFTER);
            }
        }
        let following = chunks.next().unwrap_or_default();
        let tasks: Vec<Task> =
            jobs.iter().map(Task::Output).chain(following.iter().map(Task::Load)).collect();
        let mut done = parallel_map(&tasks, workers, |task| match task {
            Task::Output(job) => {
                let (doc, style) = &*job.doc;
                let result = renderer.output(doc, job.format, style).and_then(|o| {
                    output::write_output(&job.dest, &o.bytes)
                        .map_err(|source| RenderError::Write { path: job.dest.clone(), source })?;
                    Ok(o.notices)
                });
                progress.advance();
                Done::Output(result)
            }
            Task::Load(path) => Done::Loaded(Box::new(load(path))),
        });
        let loaded = done.split_off(jobs.len());
        for (job, result) in jobs.iter().zip(done) {
            let out = &mut files[job.at.0].outputs[job.at.1];
            let result = match result {
                Some(Done::Output(result)) => result,
                _ => Err(RenderError::Internal),
            };
            match result {
                Ok(notices) => {
                    out.notices = notices;
                    written.entry(output::folder_of(&job.dest).to_path_buf()).or_default().push(job.at);
                }
                Err(e) => out.error = Some(e),
            }
        }
        if !following.is_empty() {
            let loaded = loaded
                .into_iter()
                .map(|d| match d {
                    Some(Done::Loaded(loaded)) => Some(*loaded),
                    _ => None,
                })
                .collect();
            next = Some((following, loaded));
        }
    }
    if formats.contains(&Format::Pdf) {
        renderer.pdf().clear_cache();
    }
    // One record update per folder, after its files are written (the workers never race on it).
    for (dir, e) in output::save_records(written.keys().map(PathBuf::as_path)) {
        let notice = format!(
            "未能更新生成记录“{}”（{}）：下次生成到这里时，需加 --force 才能替换此文件",
            dir.join(output::RECORD_FILE).display(),
            crate::diag::io_reason(&e)
        );
        for &(file, output) in written.get(&dir).into_iter().flatten() {
            files[file].outputs[output].notices.push(notice.clone());
        }
    }
    Ok(files)
}

/// What an output may not replace: a data file of the run, and (without `force`) an existing file
/// that xxgk did not write or that was changed since, by its folder's record.
struct Guard {
    inputs: Vec<FileId>,
    force: bool,
    records: HashMap<PathBuf, Record>,
}

impl Guard {
    fn new(request: &RenderRequest) -> Guard {
        let inputs = request.files.iter().filter_map(|p| FileId::of(p)).collect();
        Guard { inputs, force: request.force, records: HashMap::new() }
    }

    fn check(&mut self, dest: &Path) -> Result<(), OutputError> {
        if FileId::of(dest).is_some_and(|id| self.inputs.contains(&id)) {
            return Err(OutputError::IsInput(dest.to_path_buf()));
        }
        if self.force {
            return Ok(());
        }
        let dir = output::folder_of(dest).to_path_buf();
        self.records.entry(dir).or_insert_with_key(|dir| Record::load(dir)).may_replace(dest)
    }
}

/// Checks a loaded file and lays it out through its template: the document and its style, or
/// `None` with the reason in `file.error`. With errors, only a draft is laid out, and only on request.
fn prepare(
    renderer: &Renderer,
    request: &RenderRequest,
    file: &mut FileReport,
    report: &Report,
) -> Option<Arc<(Document, Style)>> {
    file.set_findings(check::check(report, None));
    let draft = check::has_errors(&file.findings);
    if draft && !request.draft {
        file.error = Some(FileError::FailsChecks);
        return None;
    }
    let locality = request.locality.as_deref();
    let prepared = renderer
        .document(report, locality, draft)
        .and_then(|doc| Ok((doc, renderer.style(report, locality)?)));
    match prepared {
        Ok(prepared) => Some(Arc::new(prepared)),
        Err(e) => {
            file.error = Some(FileError::Render(e));
            None
        }
    }
}

/// Files loaded, checked and templated at a time: enough to keep the cores busy, few enough that the
/// documents of a large batch are not all held at once (a chunk's, and the next one's while it loads).
const CHUNK: usize = 64;

/// Work for a batch's workers: an output to produce, or a file of the next chunk to load.
enum Task<'a> {
    Output(&'a Job),
    Load(&'a PathBuf),
}

/// A file loaded, with its document and style unless it failed (the reason is in the report).
type Loaded = (FileReport, Option<Arc<(Document, Style)>>);

/// A task's result.
enum Done {
    Output(Result<Vec<String>, RenderError>),
    Loaded(Box<Loaded>),
}

/// One output to produce: a document (shared by its formats), the format, where it goes, and
/// which file and output of the result it fills in.
struct Job {
    doc: Arc<(Document, Style)>,
    format: Format,
    dest: PathBuf,
    at: (usize, usize),
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn render_files_reports_every_input_and_serialises_to_json() {
        #[derive(Default)]
        struct Count(AtomicUsize, AtomicUsize);
        impl Progress for Count {
            fn start(&self, total: usize) {
                self.0.store(total, Ordering::Relaxed);
            }
            fn advance(&self) {
                self.1.fetch_add(1, Ordering::Relaxed);
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let request = RenderRequest {
            files: vec![
                examples.join("kaifu-2019.yaml"),
                examples.join("invalid/t3-ident.yaml"),
                dir.path().join("不存在.yaml"),
            ],
            formats: vec![Format::Html, Format::Markdown, Format::Html],
            output: Some(dir.path().join("out")),
            ..RenderRequest::default()
        };
        let count = Count::default();
        let files = render_files(&Renderer::new(None).unwrap(), &request, &count).unwrap();
        assert_eq!((count.0.into_inner(), count.1.into_inner()), (6, 6), "every file in every format");

        let [good, failing, missing] = &files[..] else { panic!("{files:?}") };
        assert!(good.error.is_none() && good.source.is_some(), "{good:?}");
        let formats: Vec<_> = good.outputs.iter().map(|o| o.format).collect();
        assert_eq!(formats, [Format::Markdown, Format::Html], "sorted, once each");
        assert!(good.outputs.iter().all(|o| o.error.is_none() && !o.draft && o.path.is_file()));
        assert!(matches!(failing.error, Some(FileError::FailsChecks)) && failing.outputs.is_empty());
        assert!(matches!(missing.error, Some(FileError::Unreadable(_))) && missing.source.is_none());

        let json = serde_json::to_value(&files).unwrap();
        assert_eq!(json[0]["outputs"][0]["format"], "md");
        assert_eq!(json[0]["error"], serde_json::Value::Null);
        assert_eq!(json[1]["error"], "数据未通过校验");
        assert_eq!(json[1]["findings"][0]["rule"], "T3-IDENT");
        assert_eq!(json[1]["findings"][0]["line"], 49);
        assert!(json[2]["error"].as_str().unwrap().starts_with("无法读取"), "{}", json[2]);
    }

    #[test]
    fn a_batch_longer_than_a_chunk_writes_every_file_and_sees_collisions_across_chunks() {
        let dir = tempfile::tempdir().unwrap();
        let example =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/kaifu-2019.yaml"))
                .unwrap();
        let count = CHUNK + 2;
        let mut files: Vec<PathBuf> = (0..count - 1)
            .map(|i| {
                let path = dir.path().join(format!("{i}.yaml"));
                std::fs::write(&path, example.replace("长沙市开福区科学技术局", &format!("第{i}局")))
                    .unwrap();
                path
            })
            .collect();
        // The last file has the first one's title: its output would replace the first's.
        let twin = dir.path().join("twin.yaml");
        std::fs::copy(&files[0], &twin).unwrap();
        files.push(twin);
        let request = RenderRequest {
            files,
            formats: vec![Format::Markdown],
            output: Some(dir.path().join("out")),
            ..RenderRequest::default()
        };
        let reports = render_files(&Renderer::new(None).unwrap(), &request, &()).unwrap();
        assert_eq!(reports.len(), count);
        let (twin, others) = reports.split_last().unwrap();
        assert!(others.iter().all(|f| f.outputs[0].error.is_none() && f.outputs[0].path.is_file()));
        assert!(matches!(twin.outputs[0].error, Some(RenderError::Collision { .. })), "{twin:?}");
        let written = std::fs::read_dir(dir.path().join("out")).unwrap().count();
        assert_eq!(written, count - 1 + 1, "the outputs and the folder's record");
    }
}
