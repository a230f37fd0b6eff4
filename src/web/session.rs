//! Working sessions (phiên làm việc) of the local web page: each browser
//! tab gets its own rules, uploaded files, past years' reports and results
//! (and the filled ballots with their count, `ballots`), kept in memory only
//! (nothing a unit submitted is written to disk, so there are no
//! temporary files to remove), bounded in number and dropped when idle.
//! Within a session a file name is one file, names compared as Windows
//! compares them. Also the server's `Limits`, and the rules files it
//! offers to choose from (read from the paths the command line gave, never
//! from a path a browser sends).
//!
//! A session also holds the province's work of the page `/tinh`
//! (`provincial`), under the same limits.
//!
//! Depends on `rules`, `pipeline`, `history`, `report`, `text` (to
//! compare names); knows nothing of HTTP.

use super::ballots::Ballots;
use super::names::name_key;
use super::provincial::{LoadedProvince, ProvinceChoice, ProvinceWork};
use crate::history::{History, PastFile};
use crate::pipeline::{self, FileResult, Reader};
use crate::report::Report;
use crate::rules::Rules;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How much one server accepts, and how long it waits. The defaults suit a
/// bloc of a few dozen units on an office PC, with officers uploading
/// files of up to 20 MB over a local network; tests use smaller ones.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest uploaded file, in bytes (one file per request, so also the
    /// largest request body).
    pub file_bytes: usize,
    /// Largest rules file, in bytes.
    pub rules_bytes: usize,
    /// Most files in one session, submissions, past years' reports and
    /// ballots together.
    pub files: usize,
    /// Most bytes of files held by one session, submissions, past years'
    /// reports and ballots together.
    pub session_bytes: usize,
    /// Most sessions held at once; the least recently used goes first.
    pub sessions: usize,
    /// A session unused this long is dropped.
    pub idle: Duration,
    /// Time for a request's headers to arrive, counted from the opening
    /// of the connection, or from the first byte of a later request on a
    /// kept-alive one.
    pub header_timeout: Duration,
    /// Time for a request's body (an uploaded file) to arrive, counted
    /// from when the server starts reading it.
    pub body_timeout: Duration,
    /// A kept-alive connection without a request this long is closed;
    /// so is one whose client stops reading a response this long.
    pub keep_alive_timeout: Duration,
    /// Most connections served at once; more wait to be accepted.
    pub connections: usize,
    /// Most files read and checked at once, across every session (the
    /// number of cores): what bounds the memory parsing holds.
    pub parsers: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            file_bytes: 20 * 1024 * 1024,
            rules_bytes: 1024 * 1024,
            files: 300,
            session_bytes: 200 * 1024 * 1024,
            sessions: 16,
            idle: Duration::from_secs(4 * 60 * 60),
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(120),
            keep_alive_timeout: Duration::from_secs(60),
            connections: 64,
            parsers: std::thread::available_parallelism().map_or(2, |n| n.get()),
        }
    }
}

/// A rules file in use, and the name it is shown under.
#[derive(Clone)]
pub struct LoadedRules {
    pub rules: Arc<Rules>,
    /// File name as uploaded or given on the command line.
    pub file: String,
}

/// A rules file found where one was looked for, offered on the page when
/// there are several (a start without arguments in a folder holding
/// "quy-dinh.toml" and "quy-dinh - Copy.toml"). Only these paths, given by
/// the command line, are ever loaded: the page names one by its `file`.
#[derive(Clone)]
pub struct RulesChoice {
    /// The name shown, unique among the choices.
    pub file: String,
    pub path: PathBuf,
    /// The folder it is in, written in full.
    pub folder: String,
    /// What loading it gave: the rules, or the Vietnamese reason they
    /// cannot be used (the rules loader's errors).
    pub loaded: Result<Arc<Rules>, String>,
}

impl RulesChoice {
    /// Each of `paths` read, named by its file name (by its whole path
    /// when two share a name).
    pub fn load_all(paths: &[PathBuf]) -> Vec<RulesChoice> {
        let name = |p: &Path| {
            p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        };
        paths
            .iter()
            .map(|given| {
                let shared = paths.iter().filter(|p| name(p) == name(given)).count() > 1;
                // "./quy-dinh.toml" is named "quy-dinh.toml" in messages.
                let path = given.strip_prefix(".").unwrap_or(given);
                let folder = std::path::absolute(given)
                    .ok()
                    .and_then(|p| p.parent().map(|d| d.display().to_string()))
                    .unwrap_or_default();
                RulesChoice {
                    folder,
                    file: if shared {
                        given.display().to_string()
                    } else {
                        name(path)
                    },
                    path: path.to_path_buf(),
                    loaded: RulesChoice::load(path),
                }
            })
            .collect()
    }

    /// The rules at `path`, or why not.
    pub fn load(path: &Path) -> Result<Arc<Rules>, String> {
        Rules::load(path).map(Arc::new).map_err(|e| e.to_string())
    }
}

/// One uploaded file (bài nộp).
pub struct Upload {
    /// The file name as the browser sent it, cleaned; never used as a path.
    pub name: String,
    pub bytes: Vec<u8>,
    /// When the file was last modified on the officer's disk, as the
    /// browser tells ("YYYY-MM-DDTHH:MM:SS").
    pub modified: Option<String>,
    /// The officer chose another file of the same unit ("Dùng tệp này"):
    /// this one is left out.
    pub excluded: bool,
    /// The file read and checked against the session's rules; `None`
    /// until there are rules.
    pub result: Option<FileResult>,
}

impl Upload {
    fn check(&self, reader: &Reader, rules: &Rules) -> FileResult {
        let mut result = pipeline::process_upload_with(reader, rules, &self.name, &self.bytes);
        result.source.file_time = self.modified.clone();
        result
    }
}

/// One browser tab's work.
pub struct Session {
    pub rules: Option<LoadedRules>,
    /// Uploaded files, sorted by name (the order a folder gives on the
    /// command line, so the results are the same).
    pub files: Vec<Upload>,
    /// The past years' reports (kết quả các năm trước), sorted by name
    /// (the order of a `--history` folder).
    pub past: Vec<PastFile>,
    /// The past years `past` gives under `rules`, as `--history` gives
    /// them; `None` without past files (or rules).
    pub history: Option<History>,
    /// The consolidation of `files` under `rules`, with `history`, kept up
    /// to date.
    pub report: Option<Report>,
    /// The filled ballots and their count, kept up to date with the
    /// consolidation.
    pub ballots: Ballots,
    /// The province's work (the page `/tinh`): its rules, the blocs'
    /// results, the province's report.
    pub province: ProvinceWork,
    /// How the files are read (in worker processes, for `thidua serve`).
    reader: Arc<Reader>,
}

impl Session {
    fn new(
        rules: Option<LoadedRules>,
        past: Vec<PastFile>,
        province: Option<LoadedProvince>,
        reader: Arc<Reader>,
    ) -> Session {
        let mut session = Session {
            rules,
            files: Vec::new(),
            past,
            history: None,
            report: None,
            ballots: Ballots::default(),
            province: ProvinceWork::new(province),
            reader,
        };
        session.refresh();
        session
    }

    /// Use `rules` from now on: every file is checked again, every ballot
    /// read again.
    pub fn set_rules(&mut self, rules: LoadedRules) {
        for upload in &mut self.files {
            upload.result = Some(upload.check(&self.reader, &rules.rules));
        }
        self.ballots.reread(&self.reader, &rules.rules);
        self.rules = Some(rules);
        self.refresh();
    }

    /// Add a file, replacing the one of the same name (see [`same_name`];
    /// the caller has asked the officer) and the one named `replace` (a
    /// corrected file sent for an earlier one); check it. `modified` is
    /// the file's time on the officer's disk, where known.
    pub fn put(
        &mut self,
        name: String,
        bytes: Vec<u8>,
        modified: Option<String>,
        replace: Option<&str>,
    ) {
        let mut upload = Upload {
            name,
            bytes,
            modified,
            excluded: false,
            result: None,
        };
        upload.result = self
            .rules
            .as_ref()
            .map(|r| upload.check(&self.reader, &r.rules));
        let key = name_key(&upload.name);
        let replaced = replace.map(name_key);
        self.files.retain(|f| {
            let k = name_key(&f.name);
            k != key && Some(&k) != replaced.as_ref()
        });
        let at = self.files.partition_point(|f| f.name < upload.name);
        self.files.insert(at, upload);
        self.refresh();
    }

    /// The file already held under the name `name` (see [`same_name`]).
    pub fn same_name(&self, name: &str) -> Option<&Upload> {
        let key = name_key(name);
        self.files.iter().find(|f| name_key(&f.name) == key)
    }

    /// Use the file named `name` for its unit ("Dùng tệp này"): the unit's
    /// other files are left out. Whether the file is there and belongs to
    /// a unit.
    pub fn choose(&mut self, name: &str) -> bool {
        let unit_of = |f: &Upload| f.result.as_ref().and_then(|r| r.source.unit.clone());
        let Some(unit) = self.files.iter().find(|f| f.name == name).and_then(unit_of) else {
            return false;
        };
        for f in &mut self.files {
            if unit_of(f).as_deref() == Some(unit.as_str()) {
                f.excluded = f.name != name;
            }
        }
        self.refresh();
        true
    }

    /// Add a past year's report, replacing the one of the same name and the
    /// one named `replace` (the caller has asked the officer); consolidate
    /// again with the past years.
    pub fn put_past(&mut self, name: String, bytes: Vec<u8>, replace: Option<&str>) {
        let reader = &self.reader;
        let past = PastFile::from_bytes_with(name, bytes, &|b| reader.load(b));
        let key = name_key(&past.file);
        let replaced = replace.map(name_key);
        self.past.retain(|f| {
            let k = name_key(&f.file);
            k != key && Some(&k) != replaced.as_ref()
        });
        let at = self.past.partition_point(|f| f.file < past.file);
        self.past.insert(at, past);
        self.refresh();
    }

    /// The past year's report held under the name `name` (see [`same_name`]).
    pub fn same_past(&self, name: &str) -> Option<&PastFile> {
        let key = name_key(name);
        self.past.iter().find(|f| name_key(&f.file) == key)
    }

    /// Remove the past year's report named `name`; whether it was there.
    pub fn remove_past(&mut self, name: &str) -> bool {
        let before = self.past.len();
        self.past.retain(|f| f.file != name);
        let removed = self.past.len() != before;
        self.refresh();
        removed
    }

    /// Add a filled ballot, replacing the one of the same name and the one
    /// named `replace` (the caller has asked the officer); count again.
    pub fn put_ballot(&mut self, name: String, bytes: Vec<u8>, replace: Option<&str>) {
        let rules = self.rules.as_ref().map(|r| &*r.rules);
        self.ballots.put(&self.reader, rules, name, bytes, replace);
        self.recount();
    }

    /// Keep `forms` as the figures typed on the page (replacing those typed
    /// before; none clears them); count again.
    pub fn set_typed(&mut self, forms: Vec<crate::vote::TypedForm>) {
        self.ballots.typed = forms;
        self.recount();
    }

    /// Remove the ballot named `name`; whether it was there.
    pub fn remove_ballot(&mut self, name: &str) -> bool {
        let removed = self.ballots.remove(name);
        self.recount();
        removed
    }

    /// Use the province rules `rules` from now on: every bloc's results
    /// are read again.
    pub fn set_province(&mut self, rules: LoadedProvince) {
        self.province.set_rules(rules, &self.reader);
    }

    /// Add a bloc's results (the province's work), replacing the file of
    /// the same name and the one named `replace` (the caller has asked the
    /// officer); read it as `thidua province` reads its files.
    pub fn put_province(&mut self, name: String, bytes: Vec<u8>, replace: Option<&str>) {
        self.province.put(name, bytes, replace, &self.reader);
    }

    /// Remove the bloc's results named `name`; whether it was there.
    pub fn remove_province(&mut self, name: &str) -> bool {
        self.province.remove(name)
    }

    /// The files, past years' reports, ballots and blocs' results held,
    /// and their bytes, leaving out those `replaced` says an upload
    /// replaces.
    pub fn held(&self, replaced: impl Fn(&str) -> bool) -> (usize, usize) {
        let files = self.files.iter().map(|f| (&f.name, f.bytes.len()));
        let past = self.past.iter().map(|f| (&f.file, f.bytes.len()));
        let ballots = self.ballots.files.iter().map(|f| (&f.name, f.bytes.len()));
        let blocs = self.province.files.iter().map(|f| (&f.name, f.bytes.len()));
        files
            .chain(past)
            .chain(ballots)
            .chain(blocs)
            .filter(|(name, _)| !replaced(name))
            .fold((0, 0), |(n, bytes), (_, len)| (n + 1, bytes + len))
    }

    /// Remove the file named `name`; whether it was there.
    pub fn remove(&mut self, name: &str) -> bool {
        let before = self.files.len();
        self.files.retain(|f| f.name != name);
        let removed = self.files.len() != before;
        self.refresh();
        removed
    }

    /// Consolidate again (cheap next to reading the files), with the past
    /// years read again under the rules.
    fn refresh(&mut self) {
        self.history = match &self.rules {
            Some(r) if !self.past.is_empty() => Some(History::from_files(&self.past, &r.rules)),
            _ => None,
        };
        self.report = self.rules.as_ref().map(|r| {
            let results: Vec<FileResult> = self
                .files
                .iter()
                .filter(|f| !f.excluded)
                .filter_map(|f| f.result.clone())
                .collect();
            let left_out = self
                .files
                .iter()
                .filter(|f| f.excluded)
                .map(|f| crate::read::excluded(&f.name).file(&f.name))
                .collect();
            pipeline::report_with(&r.rules, results, left_out, self.history.as_ref())
        });
        self.recount();
    }

    /// Count the ballots again, against the current consolidation.
    fn recount(&mut self) {
        let rules = self.rules.as_ref().map(|r| &*r.rules);
        self.ballots.recount(rules, self.report.as_ref());
    }
}

/// A session shared between requests; one request works on it at a time.
pub type Shared = Arc<tokio::sync::Mutex<Session>>;

struct SessionSlot {
    session: Shared,
    used: Instant,
}

/// Every session of the server, by id.
pub struct Sessions {
    entries: Mutex<HashMap<String, SessionSlot>>,
    limits: Limits,
    defaults: Mutex<Defaults>,
    /// How every session reads its files.
    pub(super) reader: Arc<Reader>,
}

/// What the server was started with.
struct Defaults {
    /// The rules given on the command line (or chosen on the page among
    /// the choices), the starting point of every new session.
    rules: Option<LoadedRules>,
    /// The rules files offered on the page, when several were found.
    choices: Arc<[RulesChoice]>,
    /// The past years' reports of the command line's `--history`, the
    /// starting point of every new session.
    past: Arc<[PastFile]>,
    /// The province rules of the command line's `--province` (or chosen
    /// on the page), the starting point of every new session's province
    /// work.
    province: Option<LoadedProvince>,
    /// The province rules files offered on the page `/tinh`.
    province_choices: Arc<[ProvinceChoice]>,
}

impl Sessions {
    pub fn new(limits: Limits, default_rules: Option<LoadedRules>) -> Sessions {
        Sessions {
            entries: Mutex::new(HashMap::new()),
            limits,
            defaults: Mutex::new(Defaults {
                rules: default_rules,
                choices: Arc::from(Vec::new()),
                past: Arc::from(Vec::new()),
                province: None,
                province_choices: Arc::from(Vec::new()),
            }),
            reader: Arc::new(Reader::InProcess),
        }
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Offer `choices` on the page: the officer picks the bloc's rules
    /// file among them.
    pub fn offer(&self, choices: Vec<RulesChoice>) {
        self.defaults().choices = Arc::from(choices);
    }

    /// Start every new session with `past`, the past years' reports of the
    /// command line's `--history`.
    pub fn set_past(&self, past: Vec<PastFile>) {
        self.defaults().past = Arc::from(past);
    }

    /// Start every new session's province work with `rules` (the command
    /// line's `--province`).
    pub fn set_province(&self, rules: LoadedProvince) {
        self.defaults().province = Some(rules);
    }

    /// Offer `choices` on the page `/tinh`: the officer picks the province
    /// rules file among them.
    pub fn offer_province(&self, choices: Vec<ProvinceChoice>) {
        self.defaults().province_choices = Arc::from(choices);
    }

    /// The province rules files offered on the page `/tinh`.
    pub fn province_choices(&self) -> Arc<[ProvinceChoice]> {
        self.defaults().province_choices.clone()
    }

    /// The province choice named `file` read again and kept as read; when
    /// usable, also the province rules of every new session. `None` when
    /// no choice is named `file`.
    pub fn choose_province(&self, file: &str) -> Option<Result<LoadedProvince, String>> {
        let path = self
            .province_choices()
            .iter()
            .find(|c| c.file == file)
            .map(|c| c.path.clone())?;
        let loaded = ProvinceChoice::load(&path);
        let mut defaults = self.defaults();
        let mut choices: Vec<ProvinceChoice> = defaults.province_choices.to_vec();
        if let Some(choice) = choices.iter_mut().find(|c| c.file == file) {
            choice.loaded = loaded.clone();
        }
        defaults.province_choices = Arc::from(choices);
        let rules = loaded.map(|province| LoadedProvince {
            province,
            file: file.to_string(),
        });
        if let Ok(rules) = &rules {
            defaults.province = Some(rules.clone());
        }
        Some(rules)
    }

    /// The rules files offered on the page.
    pub fn choices(&self) -> Arc<[RulesChoice]> {
        self.defaults().choices.clone()
    }

    /// The choice named `file` read again (it may have been corrected since
    /// the start) and kept as read; when usable, it is also the rules of
    /// every new session, as if given on the command line. `None` when no
    /// choice is named `file`.
    pub fn choose_rules(&self, file: &str) -> Option<Result<LoadedRules, String>> {
        let path = self
            .choices()
            .iter()
            .find(|c| c.file == file)
            .map(|c| c.path.clone())?;
        let loaded = RulesChoice::load(&path);
        let mut defaults = self.defaults();
        let mut choices: Vec<RulesChoice> = defaults.choices.to_vec();
        if let Some(choice) = choices.iter_mut().find(|c| c.file == file) {
            choice.loaded = loaded.clone();
        }
        defaults.choices = Arc::from(choices);
        let rules = loaded.map(|rules| LoadedRules {
            rules,
            file: file.to_string(),
        });
        if let Ok(rules) = &rules {
            defaults.rules = Some(rules.clone());
        }
        Some(rules)
    }

    fn defaults(&self) -> std::sync::MutexGuard<'_, Defaults> {
        self.defaults.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Start a session; drops idle sessions, and the least recently used
    /// one when the server holds as many as it may.
    pub fn create(&self) -> Result<(String, Shared), getrandom::Error> {
        let id = new_id()?;
        let (rules, past, province) = {
            let defaults = self.defaults();
            (
                defaults.rules.clone(),
                defaults.past.to_vec(),
                defaults.province.clone(),
            )
        };
        let session = Arc::new(tokio::sync::Mutex::new(Session::new(
            rules,
            past,
            province,
            self.reader.clone(),
        )));
        let mut entries = self.lock();
        let now = Instant::now();
        entries.retain(|_, e| now.duration_since(e.used) < self.limits.idle);
        while entries.len() >= self.limits.sessions.max(1) {
            let oldest = entries
                .iter()
                .min_by_key(|(_, e)| e.used)
                .map(|(k, _)| k.clone());
            match oldest {
                Some(k) => entries.remove(&k),
                None => break,
            };
        }
        entries.insert(
            id.clone(),
            SessionSlot {
                session: session.clone(),
                used: now,
            },
        );
        Ok((id, session))
    }

    /// The session `id`, marked as used; `None` when unknown or expired.
    pub fn get(&self, id: &str) -> Option<Shared> {
        let mut entries = self.lock();
        let now = Instant::now();
        let entry = entries.get_mut(id)?;
        if now.duration_since(entry.used) >= self.limits.idle {
            entries.remove(id);
            return None;
        }
        entry.used = now;
        Some(entry.session.clone())
    }

    /// The session map; a panic elsewhere never makes it unusable.
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, SessionSlot>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// 128 random bits, in hex: a session id no other tab can guess.
fn new_id() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(sessions: usize) -> Limits {
        Limits {
            sessions,
            ..Limits::default()
        }
    }

    #[test]
    fn ids_are_distinct_and_hex() {
        let s = Sessions::new(limits(4), None);
        let (a, _) = s.create().unwrap();
        let (b, _) = s.create().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn the_least_recently_used_session_goes_first() {
        let s = Sessions::new(limits(2), None);
        let (a, _) = s.create().unwrap();
        std::thread::sleep(Duration::from_millis(5));
        let (b, _) = s.create().unwrap();
        std::thread::sleep(Duration::from_millis(5));
        assert!(s.get(&a).is_some()); // a is now the most recent
        let (c, _) = s.create().unwrap();
        assert!(s.get(&a).is_some());
        assert!(s.get(&b).is_none());
        assert!(s.get(&c).is_some());
    }

    #[test]
    fn idle_sessions_expire() {
        let s = Sessions::new(
            Limits {
                idle: Duration::from_millis(1),
                ..Limits::default()
            },
            None,
        );
        let (a, _) = s.create().unwrap();
        std::thread::sleep(Duration::from_millis(5));
        assert!(s.get(&a).is_none());
    }
}
