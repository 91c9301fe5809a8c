//! Every line the command line prints goes through here. Messages on standard error are
//! always sanitised (they quote ids, headers and paths from the data); standard output is
//! sanitised when it is a terminal and left intact when it is a file or a pipe, so data
//! piped on keeps every byte.

use std::io::{self, IsTerminal, Write};

use crate::text::{SanitizingWriter, sanitize};

/// Standard output for a command's results: sanitised on a terminal, raw otherwise.
pub fn stdout() -> Box<dyn Write> {
    let out = io::stdout().lock();
    if io::stdout().is_terminal() {
        Box::new(SanitizingWriter::new(out))
    } else {
        Box::new(out)
    }
}

/// One message line on standard error, sanitised (newlines inside it kept).
pub fn err_line(text: &str) {
    let _ = writeln!(io::stderr().lock(), "{}", sanitize(text, true));
}

/// One result line on standard output (see [`stdout`]).
pub fn out_text(text: &str) {
    let _ = stdout().write_all(text.as_bytes());
}

/// `eprintln!` that sanitises.
macro_rules! errln {
    ($($arg:tt)*) => { $crate::cli::tty::err_line(&format!($($arg)*)) };
}

/// A report line on standard output (`validate`), always sanitised: it is a message about
/// the data, not the data.
pub fn report_line(text: &str) {
    let _ = writeln!(io::stdout().lock(), "{}", sanitize(text, true));
}

/// `println!` for reports, always sanitised.
macro_rules! reportln {
    ($($arg:tt)*) => { $crate::cli::tty::report_line(&format!($($arg)*)) };
}

/// `println!` that sanitises on a terminal.
macro_rules! outln {
    ($($arg:tt)*) => { $crate::cli::tty::out_text(&format!("{}\n", format!($($arg)*))) };
}

pub(crate) use {errln, outln, reportln};
