//! Connections (kết nối): each served by hyper over HTTP/1.1, and cut off
//! when its client is too slow — request headers not complete within the
//! header timeout, no new request on a kept-alive connection within the
//! keep-alive timeout, or a response the client stops reading for as
//! long. The body of a request (an upload) has its own deadline, kept
//! where it is read (`api`). At most `Limits::connections` are served at
//! once: beyond that, the connection that has waited longest for a
//! request is closed to make room, and while every connection is
//! answering a request, new ones wait in the system's queue. So slow or
//! idle clients can neither hold the server nor exhaust the process.
//!
//! Depends on hyper, hyper-util, tokio and the web `Limits`; knows nothing
//! of sessions or of the API.

use super::Limits;
use axum::Router;
use axum::body::Bytes;
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper::server::conn::http1;
use hyper::service::Service;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, Weak};
use std::task::{Context, Poll, Waker, ready};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, TryAcquireError};
use tokio::time::{Instant, Sleep};

/// Accept and serve connections on `listener` until the process ends.
pub async fn serve(listener: TcpListener, router: Router, limits: Limits) -> io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.connections.max(1)));
    let mut live: Vec<Weak<Mutex<State>>> = Vec::new();
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                if !matches!(
                    e.kind(),
                    io::ErrorKind::ConnectionRefused
                        | io::ErrorKind::ConnectionAborted
                        | io::ErrorKind::ConnectionReset
                ) {
                    // Out of file descriptors, most likely: wait for some
                    // to be closed.
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                continue;
            }
        };
        // At the cap, the connection waiting longest for a request makes
        // room (a browser opens another when it needs one); while every
        // connection is answering a request, the new one waits, and those
        // after it wait in the system's queue.
        let slot = loop {
            match slots.clone().try_acquire_owned() {
                Ok(slot) => break slot,
                Err(TryAcquireError::Closed) => return Ok(()),
                Err(TryAcquireError::NoPermits) => {}
            }
            evict_the_longest_waiting(&mut live);
            let wait = slots.clone().acquire_owned();
            match tokio::time::timeout(Duration::from_millis(50), wait).await {
                Ok(Ok(slot)) => break slot,
                Ok(Err(_)) => return Ok(()),
                // A connection may have finished its request meanwhile.
                Err(_) => continue,
            }
        };
        let _ = stream.set_nodelay(true);
        let shared = new_state();
        live.retain(|c| c.strong_count() > 0);
        live.push(Arc::downgrade(&shared));
        let router = router.clone();
        tokio::spawn(async move {
            connection(stream, router, limits, shared).await;
            drop(slot);
        });
    }
}

fn new_state() -> Shared {
    Arc::new(Mutex::new(State {
        phase: Phase::Head(Instant::now()),
        task: None,
        evicted: false,
        writing: false,
    }))
}

/// Serve one connection until it ends.
async fn connection<S>(stream: S, router: Router, limits: Limits, shared: Shared)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let io = TokioIo::new(Timed::new(stream, shared.clone(), limits));
    let service = Tracking {
        inner: TowerToHyperService::new(router),
        phase: shared,
    };
    // hyper's own header timeout would also cut kept-alive connections
    // after that time: `Timed` keeps both.
    let _ = http1::Builder::new()
        .keep_alive(true)
        .header_read_timeout(None)
        .serve_connection(io, service)
        .await;
}

/// Close the connection that has waited longest for a request (not one
/// answering a request), unless one is already closing.
fn evict_the_longest_waiting(live: &mut Vec<Weak<Mutex<State>>>) {
    live.retain(|c| c.strong_count() > 0);
    let closing = live
        .iter()
        .filter_map(Weak::upgrade)
        .any(|c| state(&c).evicted);
    if closing {
        return;
    }
    let waiting = live
        .iter()
        .filter_map(Weak::upgrade)
        .filter_map(|c| {
            let since = match &*state(&c) {
                State { evicted: true, .. } | State { writing: true, .. } => None,
                State {
                    phase: Phase::Head(since) | Phase::Idle(since),
                    ..
                } => Some(*since),
                _ => None,
            };
            since.map(|since| (since, c))
        })
        .min_by_key(|(since, _)| *since);
    if let Some((_, c)) = waiting {
        let mut state = state(&c);
        state.evicted = true;
        if let Some(task) = state.task.take() {
            task.wake();
        }
    }
}

/// Where a connection is between its requests.
#[derive(Clone, Copy, Debug)]
enum Phase {
    /// Reading a request's headers, begun at this instant (the opening of
    /// the connection, or the first byte of a later request).
    Head(Instant),
    /// A request is being answered: its body read and its response sent
    /// have their own deadlines.
    Busy,
    /// Kept alive since this instant, waiting for a request.
    Idle(Instant),
}

/// The phase, shared by the socket and the service; and the connection
/// task, woken when a response has been sent so that the socket sets its
/// keep-alive deadline (hyper may not read again until bytes come).
struct State {
    phase: Phase,
    task: Option<Waker>,
    /// Closed to make room for a new connection.
    evicted: bool,
    /// A response is being written and not yet all handed to the system
    /// (it may be waiting for the client to read).
    writing: bool,
}

type Shared = Arc<Mutex<State>>;

fn state(shared: &Shared) -> std::sync::MutexGuard<'_, State> {
    shared.lock().unwrap_or_else(|e| e.into_inner())
}

/// The socket, with the connection's read and write deadlines.
struct Timed<S> {
    stream: S,
    phase: Shared,
    limits: Limits,
    read_deadline: Option<Pin<Box<Sleep>>>,
    write_deadline: Option<Pin<Box<Sleep>>>,
}

impl<S> Timed<S> {
    fn new(stream: S, phase: Shared, limits: Limits) -> Timed<S> {
        Timed {
            stream,
            phase,
            limits,
            read_deadline: None,
            write_deadline: None,
        }
    }

    /// When reading must have gone further, in the current phase.
    fn read_deadline(&self) -> Option<Instant> {
        let state = state(&self.phase);
        match state.phase {
            Phase::Head(since) => Some(since + self.limits.header_timeout),
            Phase::Idle(_) if state.writing => None,
            Phase::Idle(since) => Some(since + self.limits.keep_alive_timeout),
            Phase::Busy => None,
        }
    }
}

/// Poll the timer `slot` set to `deadline` (setting or moving it first);
/// an error once it has passed.
fn expired(slot: &mut Option<Pin<Box<Sleep>>>, deadline: Instant, cx: &mut Context<'_>) -> bool {
    let sleep = slot.get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
    if sleep.deadline() != deadline {
        sleep.as_mut().reset(deadline);
    }
    sleep.as_mut().poll(cx).is_ready()
}

fn timed_out(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, what.to_string())
}

impl<S: AsyncRead + Unpin> AsyncRead for Timed<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        {
            let mut state = state(&this.phase);
            if state.evicted {
                return Poll::Ready(Err(io::Error::new(
                    io::ErrorKind::ConnectionAborted,
                    "closed to make room for another connection",
                )));
            }
            if !state.task.as_ref().is_some_and(|t| t.will_wake(cx.waker())) {
                state.task = Some(cx.waker().clone());
            }
        }
        let before = buf.filled().len();
        match Pin::new(&mut this.stream).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if buf.filled().len() > before {
                    let mut state = state(&this.phase);
                    if let Phase::Idle(_) = state.phase {
                        // The first byte of the next request.
                        state.phase = Phase::Head(Instant::now());
                    }
                }
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => match this.read_deadline() {
                None => {
                    this.read_deadline = None;
                    Poll::Pending
                }
                Some(deadline) => {
                    if expired(&mut this.read_deadline, deadline, cx) {
                        Poll::Ready(Err(timed_out("the client is too slow or idle")))
                    } else {
                        Poll::Pending
                    }
                }
            },
        }
    }
}

impl<S> Timed<S> {
    /// A write that could not go on (the client not reading) for the
    /// keep-alive timeout fails. `flushed`: the result of a flush, which
    /// hyper asks for once its buffer has all gone to the socket.
    fn write_step<T>(
        &mut self,
        cx: &mut Context<'_>,
        result: Poll<io::Result<T>>,
        flushed: bool,
    ) -> Poll<io::Result<T>> {
        match result {
            Poll::Ready(r) => {
                self.write_deadline = None;
                let mut state = state(&self.phase);
                if flushed && state.writing {
                    state.writing = false;
                    if let Phase::Idle(_) = state.phase {
                        // The end of the response has gone: idle from now,
                        // and the read deadline set again.
                        state.phase = Phase::Idle(Instant::now());
                        cx.waker().wake_by_ref();
                    }
                }
                Poll::Ready(r)
            }
            Poll::Pending => {
                state(&self.phase).writing = true;
                let deadline = match &self.write_deadline {
                    Some(sleep) => sleep.deadline(),
                    None => Instant::now() + self.limits.keep_alive_timeout,
                };
                if expired(&mut self.write_deadline, deadline, cx) {
                    Poll::Ready(Err(timed_out("the client stopped reading")))
                } else {
                    Poll::Pending
                }
            }
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Timed<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.stream).poll_write(cx, buf);
        this.write_step(cx, result, false)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.stream).poll_write_vectored(cx, bufs);
        this.write_step(cx, result, false)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.stream).poll_flush(cx);
        this.write_step(cx, result, true)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.stream).poll_shutdown(cx);
        this.write_step(cx, result, false)
    }
}

/// The router as hyper calls it, marking the connection busy from a
/// request's headers until its response is sent.
struct Tracking {
    inner: TowerToHyperService<Router>,
    phase: Shared,
}

type Answer = Result<hyper::Response<Sent>, std::convert::Infallible>;

impl Service<hyper::Request<Incoming>> for Tracking {
    type Response = hyper::Response<Sent>;
    type Error = std::convert::Infallible;
    type Future = Pin<Box<dyn Future<Output = Answer> + Send>>;

    fn call(&self, request: hyper::Request<Incoming>) -> Self::Future {
        state(&self.phase).phase = Phase::Busy;
        let answer = self.inner.call(request);
        let shared = self.phase.clone();
        Box::pin(async move {
            let response = answer.await?;
            Ok(response.map(|body| Sent {
                body,
                phase: shared,
            }))
        })
    }
}

/// A response's body; when it has been sent (or dropped), the connection
/// is idle.
struct Sent {
    body: axum::body::Body,
    phase: Shared,
}

impl Drop for Sent {
    fn drop(&mut self) {
        let mut state = state(&self.phase);
        state.phase = Phase::Idle(Instant::now());
        // The end of the response may still be in hyper's buffer: the
        // connection is idle once it is written (`Timed::write_step`).
        state.writing = true;
        if let Some(task) = state.task.take() {
            task.wake();
        }
    }
}

impl Body for Sent {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        let frame = ready!(Pin::new(&mut this.body).poll_frame(cx));
        Poll::Ready(frame)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::get;
    use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};

    const BIG: usize = 200_000;

    /// A connection over an in-memory pipe of 4 KB (a client reading as
    /// slowly as it likes), answering `GET /big` with 200 KB; the
    /// keep-alive timeout 300 ms; the client has sent `GET /big`.
    async fn served() -> (DuplexStream, tokio::task::JoinHandle<()>) {
        let router = Router::new().route("/big", get(|| async { vec![b'x'; BIG] }));
        let limits = Limits {
            keep_alive_timeout: Duration::from_millis(300),
            header_timeout: Duration::from_secs(5),
            ..Limits::default()
        };
        let (mut client, server) = tokio::io::duplex(4096);
        let task = tokio::spawn(connection(server, router, limits, new_state()));
        client
            .write_all(b"GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .unwrap();
        (client, task)
    }

    /// Read from `client` until end of file, `chunk` bytes at a time with
    /// `pause` between them.
    async fn read_all(client: &mut DuplexStream, chunk: usize, pause: Duration) -> Vec<u8> {
        let mut all = Vec::new();
        let mut buf = vec![0u8; chunk];
        loop {
            match client.read(&mut buf).await {
                Ok(0) | Err(_) => return all,
                Ok(n) => all.extend_from_slice(&buf[..n]),
            }
            tokio::time::sleep(pause).await;
        }
    }

    #[tokio::test]
    async fn a_slow_download_is_not_cut_off_by_the_keep_alive_timeout() {
        let (mut client, task) = served().await;
        // 4 KB every 10 ms: 200 KB in about half a second, longer than
        // the keep-alive timeout, never stalled that long.
        let t = Instant::now();
        let got = read_all(&mut client, 4096, Duration::from_millis(10)).await;
        let body = got.len() - got.windows(4).position(|w| w == b"\r\n\r\n").unwrap() - 4;
        assert_eq!(body, BIG);
        // Then idle: closed after the keep-alive timeout.
        assert!(
            t.elapsed() > Duration::from_millis(600),
            "{:?}",
            t.elapsed()
        );
        task.await.unwrap();
    }

    #[tokio::test]
    async fn a_client_that_stops_reading_is_cut_off() {
        let (mut client, task) = served().await;
        let t = Instant::now();
        tokio::time::timeout(Duration::from_secs(3), task)
            .await
            .expect("the connection ends")
            .unwrap();
        let after = t.elapsed();
        assert!(after >= Duration::from_millis(300), "{after:?}");
        let got = read_all(&mut client, 65536, Duration::ZERO).await;
        assert!(got.len() < BIG, "{}", got.len());
    }
}
