//! `bridgetax-service`: the kernels behind a loopback HTTP/1.1 service, the
//! `http` mechanism's other end. The orchestrator starts it before the
//! runner columns (orchestrator/service.ts) and reads the line
//! `bridgetax-service listening on http://127.0.0.1:<port>` from its stdout.
//!
//! One tokio thread (a current_thread runtime): the runners call it one
//! request at a time (64 at most in flight, for async_job), every kernel is
//! short, and on a 2-core machine shared with the runner a second server
//! thread would only add cross-core hand-offs and contention to the figure a
//! service call costs.

mod routes;

use std::convert::Infallible;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::CONTENT_TYPE;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use routes::{Refusal, Reply};

/// Connections accepted so far: the health answer reports it, so a test
/// can tell a kept-alive client from one that connects per call.
static CONNECTIONS: AtomicU64 = AtomicU64::new(0);

/// The largest request body accepted (the biggest workload sends 1 MiB).
const MAX_BODY: usize = 64 << 20;

const USAGE: &str = "usage: bridgetax-service [--port N] [--exit-with-stdin]
  --port N           port on 127.0.0.1 (default 0: any free port)
  --exit-with-stdin  exit when stdin reaches end of file (the orchestrator's
                     pipe closes when it dies, so the service never outlives it)";

fn main() {
    let mut port: u16 = 0;
    let mut exit_with_stdin = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--port" => match args.next().and_then(|p| p.parse().ok()) {
                Some(p) => port = p,
                None => fail("--port takes a number from 0 to 65535"),
            },
            "--exit-with-stdin" => exit_with_stdin = true,
            "--help" | "-h" => {
                println!("{USAGE}");
                return;
            }
            other => fail(&format!("unknown argument {other:?}")),
        }
    }
    if exit_with_stdin {
        std::thread::spawn(|| {
            let _ = std::io::copy(&mut std::io::stdin(), &mut std::io::sink());
            eprintln!("bridgetax-service: stdin closed, exiting");
            std::process::exit(0);
        });
    }
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
    {
        Ok(r) => r,
        Err(e) => fail(&format!("cannot start the tokio runtime: {e}")),
    };
    if let Err(e) = runtime.block_on(serve(port)) {
        fail(&e.to_string());
    }
}

fn fail(message: &str) -> ! {
    eprintln!("bridgetax-service: {message}\n{USAGE}");
    std::process::exit(2);
}

async fn serve(port: u16) -> std::io::Result<()> {
    // Loopback only: the service is never reachable from another machine.
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    let mut out = std::io::stdout();
    writeln!(out, "bridgetax-service listening on http://{addr}")?;
    out.flush()?;
    loop {
        let (stream, _) = listener.accept().await?;
        // Nagle's algorithm would hold a small response back waiting for
        // the client's ACK: 40 ms per call instead of microseconds.
        stream.set_nodelay(true)?;
        CONNECTIONS.fetch_add(1, Ordering::Relaxed);
        tokio::task::spawn(async move {
            let conn =
                http1::Builder::new().serve_connection(TokioIo::new(stream), service_fn(respond));
            if let Err(e) = conn.await {
                eprintln!("bridgetax-service: connection error: {e}");
            }
        });
    }
}

async fn respond(req: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = req.uri().path().trim_start_matches('/').to_owned();
    let query = req.uri().query().map(str::to_owned);
    if req.method() == Method::GET && path == "health" {
        let body = format!(
            "{{\"status\":\"ok\",\"connections\":{},\"routes\":{}}}",
            CONNECTIONS.load(Ordering::Relaxed),
            serde_json::to_string(routes::ROUTES).unwrap_or_default()
        );
        return Ok(reply(StatusCode::OK, "application/json", body.into_bytes()));
    }
    if req.method() != Method::POST {
        let msg = format!("/{path} takes POST (GET /health is the health check)");
        return Ok(reply(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain; charset=utf-8",
            msg.into_bytes(),
        ));
    }
    let body = match Limited::new(req.into_body(), MAX_BODY).collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) => {
            let msg = format!("could not read the request body (at most {MAX_BODY} bytes): {e}");
            return Ok(reply(
                StatusCode::BAD_REQUEST,
                "text/plain; charset=utf-8",
                msg.into_bytes(),
            ));
        }
    };
    Ok(match routes::handle(&path, query.as_deref(), &body) {
        Ok(Reply::Empty) => reply(StatusCode::NO_CONTENT, "", Vec::new()),
        Ok(Reply::Json(s)) => reply(StatusCode::OK, "application/json", s.into_bytes()),
        Ok(Reply::Binary(b)) => reply(StatusCode::OK, "application/octet-stream", b),
        Ok(Reply::Text(s)) => reply(StatusCode::OK, "text/plain; charset=utf-8", s.into_bytes()),
        Err(Refusal { status, message }) => reply(
            StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
            "text/plain; charset=utf-8",
            message.into_bytes(),
        ),
    })
}

fn reply(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = status;
    if !content_type.is_empty() {
        r.headers_mut().insert(
            CONTENT_TYPE,
            hyper::header::HeaderValue::from_static(content_type),
        );
    }
    r
}
