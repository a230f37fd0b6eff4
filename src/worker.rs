//! Reading untrusted files in worker processes (tiến trình đọc tệp): each
//! file a unit sent is read by a `thidua` child process with a memory
//! budget, watched against a deadline, so that a file that would exhaust
//! memory (an allocation failure aborts a process; no panic handler can
//! catch it) or take minutes ends as a finding on that file, and the run —
//! or every other session of the web page — goes on. Workers are kept in a
//! pool and reused (starting a process costs milliseconds, reading a
//! scoring table about one); a worker that dies or overruns is replaced.
//!
//! The parent side is [`Pool`]; the child side is [`serve`], run by the
//! binary for its hidden `read-worker` subcommand. Requests and answers are
//! length-prefixed frames on the child's standard input and output; the
//! workbook travels in postcard's compact encoding.
//!
//! Depends on `read` and `issue` only; never on `check` or the front ends.

use crate::issue::{Code, Params};
use crate::read::{self, Loaded, ReadError};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

/// The memory one worker may use (1 GiB): several times what the largest
/// file accepted needs once its limits are checked.
pub const MEMORY_LIMIT_BYTES: u64 = 1024 * 1024 * 1024;
/// The longest one file may take to read.
pub const TIME_LIMIT: Duration = Duration::from_secs(60);
/// The argument that makes the binary a worker.
pub const WORKER_ARG: &str = "read-worker";

/// How a pool's workers are bounded.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    pub memory_bytes: u64,
    pub time: Duration,
}

impl Default for Budget {
    fn default() -> Budget {
        Budget {
            memory_bytes: MEMORY_LIMIT_BYTES,
            time: TIME_LIMIT,
        }
    }
}

/// Worker processes of one executable, reused from one file to the next.
pub struct Pool {
    exe: PathBuf,
    budget: Budget,
    idle: Mutex<Vec<Worker>>,
}

/// One worker process, with the thread that reads its answers.
struct Worker {
    child: Child,
    stdin: BufWriter<ChildStdin>,
    answers: Receiver<io::Result<Answer>>,
}

/// What a worker answers for one file.
type Answer = Result<Loaded, WireError>;

/// A read error as it crosses the pipe: its finding's parameters in their
/// JSON form (postcard needs types it can name; the message is rendered
/// again from the catalogue on this side).
#[derive(serde::Serialize, serde::Deserialize)]
struct WireError {
    code: String,
    detected: String,
    params: String,
}

impl From<&ReadError> for WireError {
    fn from(e: &ReadError) -> WireError {
        WireError {
            code: e.code().as_str().to_string(),
            detected: e.detected(),
            params: serde_json::to_string(&e.params()).unwrap_or_default(),
        }
    }
}

impl From<WireError> for ReadError {
    fn from(w: WireError) -> ReadError {
        let code = Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == w.code)
            .unwrap_or(Code::UnreadableFile);
        ReadError::Reported {
            code,
            detected: w.detected,
            params: Params::from_json(&w.params),
        }
    }
}

impl Pool {
    /// A pool of workers started from `exe` (the thidua binary). Fails
    /// when no worker can be started, so that the caller can say so.
    pub fn new(exe: PathBuf, budget: Budget) -> io::Result<Pool> {
        let pool = Pool {
            exe,
            budget,
            idle: Mutex::new(Vec::new()),
        };
        let first = pool.spawn()?;
        pool.give_back(first);
        Ok(pool)
    }

    /// Read `bytes` in a worker: the file's workbook, or why it could not
    /// be read — including a worker that died (memory) or overran (time).
    pub fn read(&self, bytes: &[u8]) -> Result<Loaded, ReadError> {
        self.read_within(bytes, self.budget.time)
    }

    /// [`Pool::read`] with another deadline than the budget's.
    pub fn read_within(&self, bytes: &[u8], time: Duration) -> Result<Loaded, ReadError> {
        let taken = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let mut worker = match taken {
            Some(w) => w,
            None => self.spawn().map_err(|e| ReadError::io(&e))?,
        };
        match worker.ask(bytes, time) {
            Ok(answer) => {
                self.give_back(worker);
                answer.map_err(ReadError::from)
            }
            Err(Failure::Timeout) => {
                worker.stop();
                Err(ReadError::TooSlow {
                    seconds: time.as_secs(),
                })
            }
            Err(Failure::Died) => {
                worker.stop();
                Err(ReadError::ReaderDied {
                    limit_mb: self.budget.memory_bytes / (1024 * 1024),
                })
            }
        }
    }

    fn give_back(&self, worker: Worker) {
        self.idle
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(worker);
    }

    fn spawn(&self) -> io::Result<Worker> {
        let mut command = Command::new(&self.exe);
        command
            .arg(WORKER_ARG)
            .arg(self.budget.memory_bytes.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        #[cfg(windows)]
        {
            use std::os::windows::process::CommandExt;
            const CREATE_NO_WINDOW: u32 = 0x0800_0000;
            command.creation_flags(CREATE_NO_WINDOW);
        }
        let mut child = command.spawn()?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(io::Error::other("worker pipes"));
        };
        let (tx, answers) = mpsc::channel();
        std::thread::spawn(move || {
            let mut stdout = BufReader::new(stdout);
            loop {
                let answer = read_answer(&mut stdout);
                let end = answer.is_err();
                if tx.send(answer).is_err() || end {
                    break;
                }
            }
        });
        Ok(Worker {
            child,
            stdin: BufWriter::new(stdin),
            answers,
        })
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        for worker in self
            .idle
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .drain(..)
        {
            worker.stop();
        }
    }
}

/// Why a worker gave no answer.
enum Failure {
    Timeout,
    Died,
}

impl Worker {
    fn ask(&mut self, bytes: &[u8], time: Duration) -> Result<Answer, Failure> {
        let sent = write_frame(&mut self.stdin, 0, bytes).and_then(|()| self.stdin.flush());
        if sent.is_err() {
            return Err(Failure::Died);
        }
        match self.answers.recv_timeout(time) {
            Ok(Ok(answer)) => Ok(answer),
            Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => Err(Failure::Died),
            Err(RecvTimeoutError::Timeout) => Err(Failure::Timeout),
        }
    }

    /// End the process (its reader thread then ends on its own).
    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Frame: a tag byte, the payload's length (u64 little-endian), the payload.
fn write_frame(out: &mut impl Write, tag: u8, payload: &[u8]) -> io::Result<()> {
    out.write_all(&[tag])?;
    out.write_all(&(payload.len() as u64).to_le_bytes())?;
    out.write_all(payload)
}

/// The largest frame read (a file is at most 64 MiB; an answer a few).
const MAX_FRAME: u64 = 512 * 1024 * 1024;

/// Read one frame; `Ok(None)` at the end of the stream.
fn read_frame(input: &mut impl Read) -> io::Result<Option<(u8, Vec<u8>)>> {
    let mut tag = [0u8; 1];
    match input.read_exact(&mut tag) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let mut len = [0u8; 8];
    input.read_exact(&mut len)?;
    let len = u64::from_le_bytes(len);
    if len > MAX_FRAME {
        return Err(io::Error::other("frame too large"));
    }
    let mut payload = vec![0u8; len as usize];
    input.read_exact(&mut payload)?;
    Ok(Some((tag[0], payload)))
}

fn read_answer(input: &mut impl Read) -> io::Result<Answer> {
    let Some((tag, payload)) = read_frame(input)? else {
        return Err(io::Error::from(io::ErrorKind::UnexpectedEof));
    };
    let decode_error = |e: postcard::Error| io::Error::other(e.to_string());
    match tag {
        0 => Ok(Ok(postcard::from_bytes(&payload).map_err(decode_error)?)),
        _ => Ok(Err(postcard::from_bytes(&payload).map_err(decode_error)?)),
    }
}

/// The worker's side: limit this process's memory to `memory_bytes`, then
/// read every file sent on standard input and answer on standard output,
/// until the input ends. Returns the exit code.
pub fn serve(memory_bytes: u64) -> i32 {
    // A panic is answered as a damaged file; nothing is printed.
    std::panic::set_hook(Box::new(|_| {}));
    limit_memory(memory_bytes);
    let mut input = BufReader::new(io::stdin().lock());
    let mut output = BufWriter::new(io::stdout().lock());
    loop {
        let bytes = match read_frame(&mut input) {
            Ok(Some((_, bytes))) => bytes,
            Ok(None) => return 0,
            Err(_) => return 1,
        };
        let read = std::panic::catch_unwind(|| read::load_bytes(&bytes)).unwrap_or_else(|_| {
            Err(ReadError::Corrupt {
                format: "?",
                detail: "the reader stopped on malformed content".into(),
            })
        });
        let written = match &read {
            Ok(loaded) => postcard::to_allocvec(loaded).map(|p| (0u8, p)),
            Err(e) => postcard::to_allocvec(&WireError::from(e)).map(|p| (1u8, p)),
        };
        let Ok((tag, payload)) = written else {
            return 1;
        };
        if write_frame(&mut output, tag, &payload)
            .and_then(|()| output.flush())
            .is_err()
        {
            return 1;
        }
    }
}

/// Cap this process's memory: an allocation beyond it fails (and the
/// process ends) instead of taking the machine's memory.
#[cfg(unix)]
fn limit_memory(bytes: u64) {
    let limit = libc::rlimit {
        rlim_cur: bytes as libc::rlim_t,
        rlim_max: bytes as libc::rlim_t,
    };
    // SAFETY: setrlimit reads the struct passed by reference and changes
    // only this process's limits.
    unsafe {
        libc::setrlimit(libc::RLIMIT_AS, &limit);
    }
}

/// Cap this process's memory with a job object it places itself in.
#[cfg(windows)]
fn limit_memory(bytes: u64) {
    use windows_sys::Win32::System::JobObjects::{
        AssignProcessToJobObject, CreateJobObjectW, JOB_OBJECT_LIMIT_PROCESS_MEMORY,
        JOBOBJECT_EXTENDED_LIMIT_INFORMATION, JobObjectExtendedLimitInformation,
        SetInformationJobObject,
    };
    use windows_sys::Win32::System::Threading::GetCurrentProcess;
    // SAFETY: plain Win32 calls on a job object this function creates and
    // never closes (it must live as long as the process); the information
    // struct is zeroed, then filled, and passed with its exact size.
    unsafe {
        let job = CreateJobObjectW(std::ptr::null(), std::ptr::null());
        if job.is_null() {
            return;
        }
        let mut info: JOBOBJECT_EXTENDED_LIMIT_INFORMATION = std::mem::zeroed();
        info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_PROCESS_MEMORY;
        info.ProcessMemoryLimit = usize::try_from(bytes).unwrap_or(usize::MAX);
        let set = SetInformationJobObject(
            job,
            JobObjectExtendedLimitInformation,
            (&raw const info).cast(),
            std::mem::size_of::<JOBOBJECT_EXTENDED_LIMIT_INFORMATION>() as u32,
        );
        if set != 0 {
            AssignProcessToJobObject(job, GetCurrentProcess());
        }
    }
}

#[cfg(not(any(unix, windows)))]
fn limit_memory(_bytes: u64) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip() {
        let mut buf = Vec::new();
        write_frame(&mut buf, 1, b"abc").unwrap();
        write_frame(&mut buf, 0, b"").unwrap();
        let mut input = &buf[..];
        assert_eq!(read_frame(&mut input).unwrap(), Some((1, b"abc".to_vec())));
        assert_eq!(read_frame(&mut input).unwrap(), Some((0, Vec::new())));
        assert_eq!(read_frame(&mut input).unwrap(), None);
    }

    #[test]
    fn errors_keep_their_code_message_and_parameters() {
        let back = ReadError::from(WireError::from(&ReadError::Encrypted));
        assert_eq!(back.code(), Code::EncryptedFile);
        for e in [
            ReadError::Encrypted,
            ReadError::TooManyCells { cells: 5_000_000 },
            ReadError::NotASpreadsheet { what: "pdf" },
            ReadError::Corrupt {
                format: "xls",
                detail: "thiếu bản ghi \"BOF\"".into(),
            },
        ] {
            let back = ReadError::from(WireError::from(&e));
            assert_eq!(back.code(), e.code());
            assert_eq!(back.message(), e.message());
            assert_eq!(back.detected(), e.detected());
            assert_eq!(back.params(), e.params());
        }
    }
}
