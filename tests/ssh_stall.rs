//! The output bound for a client that stops reading (README, "Serving"): the server holds
//! about 1 MiB of queued output for it and stops drawing, however much more it is asked to draw.

#[path = "common/ssh.rs"]
mod ssh;
#[path = "common/tmux.rs"]
mod tmux;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use ssh::{Server, timeout};

/// The bound is about 1 MiB; allocator slack and the server's own bookkeeping may add a few.
/// Without the bound, the keys sent after the stall (each a new 400x150 screen of tens of KB)
/// would queue tens of MB.
const ALLOWED_GROWTH_KIB: u64 = 8 * 1024;

#[test]
#[ignore = "long: run by .ci/run with --ignored"]
fn a_client_that_stops_reading_costs_the_server_no_more_than_its_output_bound() {
    let mut server = Server::start(&[]);
    // An OpenSSH client in a large terminal whose output goes into a pipe nobody reads.
    let mut script = String::from("ssh -tt");
    for a in server.ssh_args(&server.key) {
        script.push(' ');
        script.push_str(&tmux::sh_quote(&a));
    }
    script.push_str(" staller@127.0.0.1 | sleep 3600");
    let staller = Arc::new(tmux::Session::start(
        "stall",
        tmux::Options {
            width: 400,
            height: 150,
            env: &[],
        },
        &script,
    ));
    server.wait_log("staller");
    let stop = Arc::new(AtomicBool::new(false));
    let sent = Arc::new(AtomicUsize::new(0));
    let typing = {
        let (stop, sent, staller) = (stop.clone(), sent.clone(), staller.clone());
        std::thread::spawn(move || {
            // Tab switches, each a full new screen.
            for k in ["1", "2", "3"].iter().cycle().take(30_000) {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                staller.send_keys(&[k]);
                sent.fetch_add(1, Ordering::Relaxed);
            }
        })
    };
    server.wait_log_within(timeout() * 6, "the client to stall", |l| {
        l.contains("client not reading its output")
    });
    let at_stall = server.rss_kib();
    let keys_at_stall = sent.load(Ordering::Relaxed);
    // Keep asking for new screens well past the bound: 600 more keys at tens of KB each.
    let until = std::time::Instant::now() + timeout() * 4;
    while sent.load(Ordering::Relaxed) < keys_at_stall + 600 && std::time::Instant::now() < until {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let after = server.rss_kib();
    let keys_after = sent.load(Ordering::Relaxed) - keys_at_stall;
    stop.store(true, Ordering::Relaxed);
    let _ = typing.join();
    println!("server RSS {at_stall} KiB at the stall, {after} KiB after {keys_after} more keys");
    assert!(
        keys_after >= 600,
        "only {keys_after} keys typed after the stall"
    );
    assert!(
        after.saturating_sub(at_stall) < ALLOWED_GROWTH_KIB,
        "server grew from {at_stall} KiB to {after} KiB while the client read nothing"
    );
    assert!(
        !server.log().contains("client reading again"),
        "{}",
        server.log()
    );
    assert!(server.alive());
    // The keys reached the server (it was asked for new screens and held them back): its
    // count at the session's end exceeds what had been typed when it stalled.
    drop(staller);
    let log = server.wait_log("ended: client gone");
    let ended = log
        .lines()
        .find(|l| l.contains("ended: client gone"))
        .expect("end line");
    let keys: usize = ended
        .split(", ")
        .find_map(|part| part.strip_suffix(" keys"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no key count in {ended}"));
    assert!(
        keys > keys_at_stall,
        "{keys} keys reached the server, {keys_at_stall} typed by the stall"
    );
}
