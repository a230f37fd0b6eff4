//! The fuzzing loop of `tests/fuzz.rs`: a seeded xorshift generator,
//! generic byte mutations, the corpus (seeds, then mutants whose outcome
//! was new), the time budget from the environment, and every execution
//! under `catch_unwind` with the panic's message kept and its input saved.
//!
//! Environment:
//! - `THIDUA_FUZZ_SECS`: seconds per target (default [`DEFAULT_SECS`]);
//! - `THIDUA_FUZZ_RUNS`: executions per target, instead of the seconds;
//! - `THIDUA_FUZZ_SEED`: the generator's seed, decimal or `0x…` hex
//!   (default [`DEFAULT_SEED`], so a plain `cargo test` runs the same
//!   inputs every time); `time` for a new one, printed;
//! - `THIDUA_FUZZ_REPLAY`: a file or folder of inputs run once through the
//!   target instead of fuzzing (a crash saved by an earlier run);
//! - `THIDUA_FUZZ_SLOW_SECS`: one execution longer than this fails the
//!   target (default 20; the input is saved).
//!
//! Built with SanitizerCoverage's inline 8-bit counters (stable rustc
//! flags, see the README), the loop also keeps every mutant that reaches
//! code, or a count of passes through it, not reached before: coverage
//! guidance, as libFuzzer has it ([`coverage`]). Without them, a mutant is
//! kept when its outcome's signature is new.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Once};
use std::time::{Duration, Instant};

/// Seconds per target when `THIDUA_FUZZ_SECS` is not set: `cargo test`
/// stays quick (six targets, two at a time on two cores).
pub const DEFAULT_SECS: f64 = 3.0;
/// The seed when `THIDUA_FUZZ_SEED` is not set.
pub const DEFAULT_SEED: u64 = 0x7468_6964_7561_2025;
/// The most mutants kept in a target's corpus besides its seeds.
const MAX_KEPT: usize = 2_000;
/// The most distinct crashes (by panic location) saved per target.
const MAX_CRASHES: usize = 20;

/// xorshift64*: small, fast, and the same sequence for the same seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// True one time in `n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A length favouring small ones: 1, 2, 4 … up to `max`.
    pub fn small(&mut self, max: usize) -> usize {
        let bits = self.below(usize::BITS as usize - max.max(1).leading_zeros() as usize + 1);
        (1 + self.below(1 << bits)).min(max.max(1))
    }

    /// A random range `start..end` within `len` (may be empty).
    pub fn range(&mut self, len: usize, max: usize) -> (usize, usize) {
        let start = self.below(len + 1);
        let end = (start + self.small(max)).min(len);
        (start, end)
    }
}

/// Integers that make readers misbehave: sizes, counts, signs, limits.
pub const INTERESTING: &[u64] = &[
    0,
    1,
    2,
    7,
    8,
    0x10,
    0x20,
    0x40,
    0x7F,
    0x80,
    0xFF,
    0x100,
    0x200,
    0x3FF,
    0x400,
    0x1000,
    0x7FFF,
    0x8000,
    0xFFFE,
    0xFFFF,
    0x1_0000,
    0xF_FFFF,
    0x10_0000,
    0x7FFF_FFFF,
    0x8000_0000,
    0xFFFF_FFFE,
    0xFFFF_FFFF,
];

/// Decimal texts for numbers in XML attributes and TOML values.
pub const INTERESTING_TEXT: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "2",
    "00",
    "+1",
    "0.5",
    "1e308",
    "-1e308",
    "1e-320",
    "1.7976931348623157e309",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "255",
    "256",
    "16384",
    "16385",
    "65535",
    "65536",
    "1048576",
    "1048577",
    "2147483647",
    "2147483648",
    "-2147483649",
    "4294967295",
    "4294967296",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551616",
    "99999999999999999999999999",
    "0x10",
    "",
    " ",
    "1,5",
    "1.000.000",
];

/// The generic byte mutations, one applied to `data`; `splice` is another
/// input to take pieces from, `dict` tokens worth inserting.
pub fn mutate_bytes(rng: &mut Rng, data: &mut Vec<u8>, splice: &[u8], dict: &[Vec<u8>]) {
    let len = data.len();
    match rng.below(14) {
        // Flip a bit.
        0 if len > 0 => {
            let i = rng.below(len);
            data[i] ^= 1 << rng.below(8);
        }
        // A random byte.
        1 if len > 0 => {
            let i = rng.below(len);
            data[i] = rng.next() as u8;
        }
        // An interesting integer, little- or big-endian, 1, 2 or 4 bytes.
        2 if len > 0 => {
            let width = *rng.pick(&[1usize, 2, 2, 4, 4]);
            let value = *rng.pick(INTERESTING);
            let bytes = if rng.one_in(3) {
                value.to_be_bytes()[8 - width..].to_vec()
            } else {
                value.to_le_bytes()[..width].to_vec()
            };
            let i = rng.below(len);
            for (k, b) in bytes.into_iter().enumerate() {
                if let Some(slot) = data.get_mut(i + k) {
                    *slot = b;
                }
            }
        }
        // Add or subtract a little.
        3 if len > 0 => {
            let i = rng.below(len);
            let delta = (rng.below(35) as u8).wrapping_sub(17);
            data[i] = data[i].wrapping_add(delta);
        }
        // Insert random bytes.
        4 => {
            let at = rng.below(len + 1);
            let n = rng.small(32);
            let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            data.splice(at..at, bytes);
        }
        // Delete a range.
        5 if len > 0 => {
            let (a, b) = rng.range(len, (len / 4).max(1));
            data.drain(a..b);
        }
        // Truncate.
        6 if len > 0 => data.truncate(rng.below(len)),
        // Duplicate a chunk somewhere.
        7 if len > 0 => {
            let (a, b) = rng.range(len, 4096);
            let chunk = data[a..b].to_vec();
            let at = rng.below(len + 1);
            data.splice(at..at, chunk);
        }
        // Overwrite with a chunk of another input.
        8 if !splice.is_empty() && len > 0 => {
            let (a, b) = rng.range(splice.len(), 4096);
            let at = rng.below(len);
            for (k, &byte) in splice[a..b].iter().enumerate() {
                if let Some(slot) = data.get_mut(at + k) {
                    *slot = byte;
                }
            }
        }
        // Insert a chunk of another input.
        9 if !splice.is_empty() => {
            let (a, b) = rng.range(splice.len(), 4096);
            let at = rng.below(len + 1);
            data.splice(at..at, splice[a..b].iter().copied());
        }
        // Cross over: this input's head, the other's tail.
        10 if !splice.is_empty() => {
            let at = rng.below(len + 1);
            let from = rng.below(splice.len() + 1);
            data.truncate(at);
            data.extend_from_slice(&splice[from..]);
        }
        // A dictionary token, inserted or in place of a range.
        11 | 12 if !dict.is_empty() => {
            let token = rng.pick(dict).clone();
            let (a, b) = if rng.one_in(2) {
                let at = rng.below(len + 1);
                (at, at)
            } else {
                rng.range(len, 64)
            };
            data.splice(a..b, token);
        }
        // A run of digits replaced by an interesting number.
        _ => replace_number(rng, data),
    }
}

/// A byte mutation that keeps every other byte where it is (the
/// compound file of an .xls breaks when its sectors move): a bit, a byte,
/// an interesting integer, or a chunk of another input written over.
pub fn mutate_in_place(rng: &mut Rng, data: &mut [u8], splice: &[u8]) {
    if data.is_empty() {
        return;
    }
    let len = data.len();
    let i = rng.below(len);
    match rng.below(5) {
        0 => data[i] ^= 1 << rng.below(8),
        1 => data[i] = rng.next() as u8,
        2 => {
            let width = *rng.pick(&[1usize, 2, 2, 4, 4]);
            let value = rng.pick(INTERESTING).to_le_bytes();
            for (slot, &b) in data[i..].iter_mut().zip(&value[..width]) {
                *slot = b;
            }
        }
        3 => data[i] = data[i].wrapping_add((rng.below(35) as u8).wrapping_sub(17)),
        _ if !splice.is_empty() => {
            let (a, b) = rng.range(splice.len(), 512);
            for (slot, &b) in data[i..].iter_mut().zip(&splice[a..b]) {
                *slot = b;
            }
        }
        _ => {}
    }
}

/// Replace the run of ASCII digits nearest a random position with an
/// interesting decimal text.
pub fn replace_number(rng: &mut Rng, data: &mut Vec<u8>) {
    if data.is_empty() {
        return;
    }
    let from = rng.below(data.len());
    let Some(start) = (from..data.len())
        .chain(0..from)
        .find(|&i| data[i].is_ascii_digit())
    else {
        return;
    };
    let start = (0..start)
        .rev()
        .take_while(|&i| data[i].is_ascii_digit() || data[i] == b'-' || data[i] == b'.')
        .last()
        .unwrap_or(start);
    let end = (start..data.len())
        .find(|&i| !(data[i].is_ascii_digit() || data[i] == b'.' || data[i] == b'-'))
        .unwrap_or(data.len());
    let text = rng.pick(INTERESTING_TEXT).as_bytes().to_vec();
    data.splice(start..end, text);
}

/// An input of a target's corpus, with what its target needs besides the
/// bytes (a rules file's index for the pipeline).
#[derive(Clone)]
pub struct Input {
    pub bytes: Vec<u8>,
    pub tag: usize,
}

/// What a target does with an input: run it (`None` when the input was
/// refused early and tells nothing new, else a signature of its outcome),
/// and mutate a parent into a child.
pub trait Target: Sync {
    /// Short name: crash folder, messages.
    fn name(&self) -> &str;
    /// The extension crash files are saved with.
    fn extension(&self, input: &Input) -> String;
    /// The file name prefix a saved input carries for its tag (the
    /// pipeline's rules), and back.
    fn tag_name(&self, _tag: usize) -> String {
        String::new()
    }
    fn tag_of(&self, _file_name: &str) -> usize {
        0
    }
    fn seeds(&self) -> Vec<Input>;
    /// A mutant of `parent`; `other` is another corpus input.
    fn mutate(&self, rng: &mut Rng, parent: &Input, other: &Input) -> Input;
    /// Run the input; a signature of what happened (panics are the
    /// harness's business). Property violations panic too.
    fn run(&self, input: &Input) -> u64;
}

/// Hash anything into a signature.
pub fn signature(value: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// A count by order of magnitude, so that outcomes differing only in size
/// are the same outcome.
pub fn bucket(n: usize) -> u32 {
    usize::BITS - n.leading_zeros()
}

struct Settings {
    budget: Option<Duration>,
    runs: Option<u64>,
    seed: u64,
    replay: Option<PathBuf>,
    slow: Duration,
}

fn settings() -> Settings {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let runs = env("THIDUA_FUZZ_RUNS").map(|v| v.trim().parse::<u64>().expect("THIDUA_FUZZ_RUNS"));
    let secs = env("THIDUA_FUZZ_SECS")
        .map(|v| v.trim().parse::<f64>().expect("THIDUA_FUZZ_SECS: seconds"))
        .or(if runs.is_some() {
            None
        } else {
            Some(DEFAULT_SECS)
        });
    let seed = match env("THIDUA_FUZZ_SEED").as_deref().map(str::trim) {
        None => DEFAULT_SEED,
        Some("time") => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1),
        Some(v) => match v.strip_prefix("0x") {
            Some(hex) => u64::from_str_radix(hex, 16).expect("THIDUA_FUZZ_SEED: hex"),
            None => v.parse().expect("THIDUA_FUZZ_SEED: a number, 0x… or time"),
        },
    };
    let slow = env("THIDUA_FUZZ_SLOW_SECS")
        .map(|v| v.trim().parse::<f64>().expect("THIDUA_FUZZ_SLOW_SECS"))
        .unwrap_or(20.0);
    Settings {
        budget: secs.map(Duration::from_secs_f64),
        runs,
        seed,
        replay: env("THIDUA_FUZZ_REPLAY").map(PathBuf::from),
        slow: Duration::from_secs_f64(slow),
    }
}

/// The repository's root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `target/fuzz-crashes/<target>/`.
fn crash_dir(target: &str) -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent()
        .unwrap_or(tmp)
        .join("fuzz-crashes")
        .join(target)
}

thread_local! {
    /// Set while an input runs: the panic hook keeps the message quiet.
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    /// The last panic's message and location on this thread.
    static PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Install, once, a panic hook that records (instead of printing) panics
/// raised while an input runs.
fn quiet_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if RUNNING.with(Cell::get) {
                let location = info
                    .location()
                    .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
                    .unwrap_or_default();
                let message = payload_text(info.payload());
                PANIC.with(|p| *p.borrow_mut() = Some(format!("{message} at {location}")));
            } else {
                previous(info);
            }
        }));
    });
}

fn payload_text(payload: &dyn Any) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(panic without a message)".to_string())
}

/// Coverage feedback from SanitizerCoverage's inline 8-bit counters
/// (`-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=3
/// -Cllvm-args=-sanitizer-coverage-inline-8bit-counters`): each
/// instrumented module registers its counters at start-up; after each
/// execution the counters are read as features (which edge, and its count
/// by order of magnitude) and cleared. Without the flags nothing registers
/// and every call is a no-op. The counters are the process's: one target
/// per process (`-- --exact load_xls`) when instrumented.
pub mod coverage {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};

    const SLOTS: usize = 1024;
    static STARTS: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(0) }; SLOTS];
    static ENDS: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(0) }; SLOTS];
    static REGIONS: AtomicUsize = AtomicUsize::new(0);
    /// Per counter, the magnitudes seen (a bit each).
    static SEEN: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());

    /// Called by each instrumented module before `main`: no allocation,
    /// no lock.
    #[unsafe(no_mangle)]
    pub extern "C" fn __sanitizer_cov_8bit_counters_init(start: *mut u8, end: *mut u8) {
        let i = REGIONS.fetch_add(1, Ordering::SeqCst);
        if i < SLOTS {
            STARTS[i].store(start as usize, Ordering::SeqCst);
            ENDS[i].store(end as usize, Ordering::SeqCst);
        }
    }

    fn regions() -> impl Iterator<Item = &'static mut [u8]> {
        (0..REGIONS.load(Ordering::SeqCst).min(SLOTS)).filter_map(|i| {
            let (start, end) = (
                STARTS[i].load(Ordering::SeqCst),
                ENDS[i].load(Ordering::SeqCst),
            );
            // SAFETY: the region the instrumentation registered, live for
            // the whole process; instrumented code only increments bytes
            // in it, so a torn read is a wrong count, never unsoundness
            // that matters to a fuzzer.
            (end > start)
                .then(|| unsafe { std::slice::from_raw_parts_mut(start as *mut u8, end - start) })
        })
    }

    /// Whether the build is instrumented.
    pub fn enabled() -> bool {
        REGIONS.load(Ordering::SeqCst) > 0
    }

    /// Clear the counters before an execution.
    pub fn reset() {
        for region in regions() {
            region.fill(0);
        }
    }

    /// How many features the last execution reached for the first time.
    pub fn novel() -> usize {
        let Ok(mut seen) = SEEN.lock() else { return 0 };
        let mut new = 0;
        for (r, region) in regions().enumerate() {
            if seen.len() <= r {
                seen.push(Vec::new());
            }
            let known = &mut seen[r];
            if known.len() < region.len() {
                known.resize(region.len(), 0);
            }
            for (chunk, base) in region.chunks(8).zip((0..).step_by(8)) {
                if chunk.iter().all(|&c| c == 0) {
                    continue;
                }
                for (k, &count) in chunk.iter().enumerate() {
                    if count == 0 {
                        continue;
                    }
                    // Counts 1, 2–3, 4–7 … 128–255: a bit each.
                    let bit = 1u8 << (31 - u32::from(count).leading_zeros());
                    let slot = &mut known[base + k];
                    if *slot & bit == 0 {
                        *slot |= bit;
                        new += 1;
                    }
                }
            }
        }
        new
    }

    /// Features reached so far.
    pub fn features() -> usize {
        SEEN.lock()
            .map(|seen| seen.iter().flatten().map(|b| b.count_ones() as usize).sum())
            .unwrap_or(0)
    }
}

/// What an abort (a failed allocation, a stack overflow) leaves behind:
/// the input running is written, from the signal handler, to a path
/// prepared before it ran. Unix only; elsewhere an abort loses the input
/// (the seed and execution count printed still reproduce it).
mod abort {
    #[cfg(unix)]
    use std::cell::Cell;
    #[cfg(unix)]
    use std::ffi::CString;

    #[cfg(unix)]
    thread_local! {
        /// The input running on this thread, and where to save it.
        static CURRENT: Cell<(*const u8, usize, *const libc::c_char)> =
            const { Cell::new((std::ptr::null(), 0, std::ptr::null())) };
    }

    #[cfg(unix)]
    extern "C" fn on_abort(_: libc::c_int) {
        const SAVED: &[u8] = b"fuzz: aborted; the input running is saved as ";
        let (data, len, path) = CURRENT.with(Cell::get);
        if data.is_null() || path.is_null() {
            return;
        }
        // SAFETY: open, write and close are async-signal-safe; `data`,
        // `len` and `path` stay valid while the input runs (set by
        // `Running` and cleared when it is dropped).
        unsafe {
            let fd = libc::open(path, libc::O_WRONLY | libc::O_CREAT | libc::O_TRUNC, 0o644);
            if fd >= 0 {
                libc::write(fd, data.cast(), len);
                libc::close(fd);
            }
            libc::write(2, SAVED.as_ptr().cast(), SAVED.len());
            libc::write(2, path.cast(), libc::strlen(path));
            libc::write(2, b"\n".as_ptr().cast(), 1);
        }
        // Returning lets abort() end the process.
    }

    /// Install the handler once.
    pub fn install() {
        #[cfg(unix)]
        {
            static ONCE: std::sync::Once = std::sync::Once::new();
            ONCE.call_once(|| {
                // SAFETY: installs a handler that only calls
                // async-signal-safe functions.
                unsafe {
                    libc::signal(
                        libc::SIGABRT,
                        on_abort as extern "C" fn(libc::c_int) as libc::sighandler_t,
                    );
                }
            });
        }
    }

    /// While alive, an abort on this thread saves `data` to `path`.
    pub struct Running {
        #[cfg(unix)]
        _path: CString,
    }

    impl Running {
        pub fn new(data: &[u8], path: &std::path::Path) -> Running {
            #[cfg(unix)]
            {
                use std::os::unix::ffi::OsStrExt;
                let path = CString::new(path.as_os_str().as_bytes()).unwrap_or_default();
                CURRENT.with(|c| c.set((data.as_ptr(), data.len(), path.as_ptr())));
                Running { _path: path }
            }
            #[cfg(not(unix))]
            {
                let _ = (data, path);
                Running {}
            }
        }
    }

    impl Drop for Running {
        fn drop(&mut self) {
            #[cfg(unix)]
            CURRENT.with(|c| c.set((std::ptr::null(), 0, std::ptr::null())));
        }
    }
}

/// Run one input; Err with the panic's message and location.
fn execute(target: &dyn Target, input: &Input) -> Result<u64, String> {
    RUNNING.with(|r| r.set(true));
    PANIC.with(|p| p.borrow_mut().take());
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| target.run(input)));
    RUNNING.with(|r| r.set(false));
    outcome.map_err(|payload| {
        PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| payload_text(payload.as_ref()))
    })
}

/// Save `input` as `<target>/<prefix>-<name>.<ext>`; its path.
fn save(target: &dyn Target, input: &Input, name: &str) -> PathBuf {
    let dir = crash_dir(target.name());
    let _ = std::fs::create_dir_all(&dir);
    let prefix = target.tag_name(input.tag);
    let file = if prefix.is_empty() {
        format!("{name}.{}", target.extension(input))
    } else {
        format!("{prefix}--{name}.{}", target.extension(input))
    };
    let path = dir.join(file);
    let _ = std::fs::write(&path, &input.bytes);
    path
}

/// Every file of a folder (or the file itself), sorted.
fn files_in(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_path_buf()];
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// The regression inputs of a target: `tests/fixtures/fuzz/<target>/`.
fn regressions(target: &dyn Target) -> Vec<(PathBuf, Input)> {
    files_in(&root().join("tests/fixtures/fuzz").join(target.name()))
        .into_iter()
        .filter_map(|path| {
            let bytes = std::fs::read(&path).ok()?;
            let name = path.file_name()?.to_string_lossy().into_owned();
            let tag = target.tag_of(&name);
            Some((path, Input { bytes, tag }))
        })
        .collect()
}

/// A watchdog for one target: the input running and since when; it saves
/// an input running longer than `slow` and ends the process at five times
/// that (a hang cannot be caught).
struct Watchdog {
    state: Arc<Mutex<Option<(Instant, Input, u64)>>>,
    done: Arc<Mutex<bool>>,
}

impl Watchdog {
    fn start(target: &'static dyn Target, slow: Duration, seed: u64) -> Watchdog {
        let state: Arc<Mutex<Option<(Instant, Input, u64)>>> = Arc::new(Mutex::new(None));
        let done = Arc::new(Mutex::new(false));
        let (s, d) = (state.clone(), done.clone());
        std::thread::spawn(move || {
            let mut saved = None;
            loop {
                std::thread::sleep(Duration::from_millis(250));
                if d.lock().map(|d| *d).unwrap_or(true) {
                    return;
                }
                let Ok(guard) = s.lock() else { return };
                let Some((since, input, exec)) = guard.as_ref() else {
                    continue;
                };
                let elapsed = since.elapsed();
                if elapsed > slow && saved != Some(*exec) {
                    let path = save(target, input, &format!("slow-{seed:016x}-{exec}"));
                    eprintln!(
                        "fuzz {}: execution {exec} has run {:.1} s; input saved to {}",
                        target.name(),
                        elapsed.as_secs_f64(),
                        path.display()
                    );
                    saved = Some(*exec);
                }
                if elapsed > slow * 5 {
                    eprintln!(
                        "fuzz {}: execution {exec} hangs ({:.0} s), seed {seed:#x}; stopping",
                        target.name(),
                        elapsed.as_secs_f64()
                    );
                    std::process::exit(101);
                }
            }
        });
        Watchdog { state, done }
    }

    fn begin(&self, input: &Input, exec: u64) {
        if let Ok(mut s) = self.state.lock() {
            *s = Some((Instant::now(), input.clone(), exec));
        }
    }

    fn end(&self) {
        if let Ok(mut s) = self.state.lock() {
            *s = None;
        }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        if let Ok(mut d) = self.done.lock() {
            *d = true;
        }
    }
}

/// Fuzz `target` for the budget the environment sets (or replay the
/// inputs it names); panics, naming every crash, when any input panicked
/// or ran too long.
pub fn fuzz(target: &'static dyn Target) {
    quiet_panics();
    let settings = settings();
    let name = target.name().to_string();
    let mut failures: Vec<String> = Vec::new();

    if let Some(replay) = &settings.replay {
        let files = files_in(replay);
        for path in &files {
            let bytes = std::fs::read(path).expect("replay input");
            let file_name = path.file_name().unwrap_or_default().to_string_lossy();
            let input = Input {
                bytes,
                tag: target.tag_of(&file_name),
            };
            if let Err(message) = execute(target, &input) {
                failures.push(format!("{}: {message}", path.display()));
            }
        }
        eprintln!("fuzz {name}: replayed {} inputs", files.len());
        assert!(
            failures.is_empty(),
            "fuzz {name}: panics:\n{}",
            failures.join("\n")
        );
        return;
    }

    let seed = settings.seed ^ signature(&name);
    abort::install();
    let dir = crash_dir(&name);
    let _ = std::fs::create_dir_all(&dir);
    let abort_path = |input: &Input| {
        let prefix = target.tag_name(input.tag);
        let prefix = if prefix.is_empty() {
            prefix
        } else {
            format!("{prefix}--")
        };
        dir.join(format!(
            "{prefix}abort-{:016x}.{}",
            settings.seed,
            target.extension(input)
        ))
    };
    let mut rng = Rng::new(seed);
    let watchdog = Watchdog::start(target, settings.slow, settings.seed);
    let started = Instant::now();
    let mut execs = 0u64;
    let slowest = Cell::new(Duration::ZERO);
    let new_features = Cell::new(0usize);
    let mut crashes: HashSet<String> = HashSet::new();
    let mut seen: HashMap<u64, usize> = HashMap::new();
    let mut corpus: Vec<Input> = Vec::new();

    let run_one = |input: &Input,
                   label: &str,
                   execs: &mut u64,
                   failures: &mut Vec<String>,
                   crashes: &mut HashSet<String>|
     -> Option<u64> {
        watchdog.begin(input, *execs);
        let running = abort::Running::new(&input.bytes, &abort_path(input));
        coverage::reset();
        let t = Instant::now();
        let outcome = execute(target, input);
        let took = t.elapsed();
        new_features.set(coverage::novel());
        drop(running);
        watchdog.end();
        *execs += 1;
        slowest.set(slowest.get().max(took));
        if took > settings.slow {
            let path = save(
                target,
                input,
                &format!("slow-{:016x}-{label}", settings.seed),
            );
            failures.push(format!(
                "{label}: ran {:.1} s (input: {})",
                took.as_secs_f64(),
                path.display()
            ));
        }
        match outcome {
            Ok(sig) => Some(sig),
            Err(message) => {
                let location = message.rsplit(" at ").next().unwrap_or("").to_string();
                if crashes.len() < MAX_CRASHES && crashes.insert(location) {
                    let path = save(
                        target,
                        input,
                        &format!("crash-{:016x}-{label}", settings.seed),
                    );
                    eprintln!(
                        "fuzz {name}: {label} panicked: {message}\n  input: {}",
                        path.display()
                    );
                    failures.push(format!("{label}: {message} (input: {})", path.display()));
                }
                None
            }
        }
    };

    // Regressions and seeds, each once, first.
    for (path, input) in regressions(target) {
        let label = format!("regression {}", path.display());
        if let Some(sig) = run_one(&input, &label, &mut execs, &mut failures, &mut crashes) {
            seen.entry(sig).or_insert(corpus.len());
            corpus.push(input);
        }
    }
    for (i, input) in target.seeds().into_iter().enumerate() {
        let label = format!("seed-{i}");
        if let Some(sig) = run_one(&input, &label, &mut execs, &mut failures, &mut crashes) {
            seen.entry(sig).or_insert(corpus.len());
        }
        corpus.push(input);
    }
    assert!(!corpus.is_empty(), "fuzz {name}: no seeds");
    let seeds = corpus.len();
    // Mutants much slower than the slowest seed are not kept: they would
    // slow every run that starts from them.
    let keep_under = (slowest.get() * 4).max(Duration::from_millis(10));

    let over = |execs: u64, started: Instant| {
        settings.runs.is_some_and(|r| execs >= r)
            || settings.budget.is_some_and(|b| started.elapsed() >= b)
    };
    while !over(execs, started) {
        // Recent finds more often: they lead to what is not yet covered.
        let parent = if corpus.len() > seeds && rng.one_in(2) {
            seeds + rng.below(corpus.len() - seeds)
        } else {
            rng.below(corpus.len())
        };
        let other = rng.below(corpus.len());
        let child = target.mutate(&mut rng, &corpus[parent], &corpus[other]);
        let label = format!("{execs}");
        let t = Instant::now();
        let Some(sig) = run_one(&child, &label, &mut execs, &mut failures, &mut crashes) else {
            continue;
        };
        if t.elapsed() > keep_under {
            continue;
        }
        let new_outcome = !seen.contains_key(&sig);
        if new_outcome || new_features.get() > 0 {
            let at = if corpus.len() - seeds < MAX_KEPT {
                corpus.push(child);
                corpus.len() - 1
            } else {
                let at = seeds + rng.below(MAX_KEPT);
                corpus[at] = child;
                at
            };
            seen.entry(sig).or_insert(at);
        }
    }
    drop(watchdog);
    let secs = started.elapsed().as_secs_f64();
    let covered = if coverage::enabled() {
        format!(", {} coverage features", coverage::features())
    } else {
        String::new()
    };
    eprintln!(
        "fuzz {name}: {execs} executions in {secs:.1} s ({:.0}/s), seed {:#x}, {} outcomes{covered}, corpus {} ({} seeds), slowest {:.0} ms, {} crashes",
        execs as f64 / secs.max(1e-9),
        settings.seed,
        seen.len(),
        corpus.len(),
        seeds,
        slowest.get().as_secs_f64() * 1000.0,
        crashes.len(),
    );
    assert!(
        failures.is_empty(),
        "fuzz {name} (seed {:#x}): {} failures:\n{}",
        settings.seed,
        failures.len(),
        failures.join("\n")
    );
}
