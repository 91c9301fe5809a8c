//! The options in front of a key in authorized_keys, parsed as OpenSSH parses them
//! (sshd(8), "AUTHORIZED_KEYS FILE FORMAT"): a comma-separated list up to the first
//! whitespace outside double quotes; a value is `name="..."` with `\"` for a quote inside.
//! What each means for sitrep is in [`KeyOptions`]; an option OpenSSH would not accept
//! makes the line unusable, as it does for sshd.

use std::net::IpAddr;

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// What a line's options mean for a login to sitrep.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeyOptions {
    /// `from="..."`: the client address must match this pattern list.
    pub from: Option<String>,
    /// `expiry-time="..."`: the key is refused after this instant.
    pub expires: Option<DateTime<Utc>>,
    /// `cert-authority`: a CA key for certificates, never a user key.
    pub cert_authority: bool,
    /// `no-pty`, or `restrict` without `pty`: no terminal, so no browser.
    pub no_pty: bool,
    /// Options that change nothing here, named for the log (sitrep runs no command and
    /// forwards nothing whatever they say): `command=`, `restrict`, `permitopen=`, ...
    pub moot: Vec<String>,
}

/// First words of a key (no options in front).
fn is_key_type(word: &str) -> bool {
    word.starts_with("ssh-")
        || word.starts_with("ecdsa-sha2-")
        || word.starts_with("sk-ssh-")
        || word.starts_with("sk-ecdsa-sha2-")
}

/// Splits a line into its options (None if it has none) and the key text after them.
pub fn split_line(line: &str) -> Result<(Option<&str>, &str), String> {
    let first = line.split_whitespace().next().unwrap_or("");
    if is_key_type(first) {
        return Ok((None, line));
    }
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                return Ok((Some(&line[..i]), line[i..].trim_start()));
            }
            _ => {}
        }
    }
    if quoted {
        Err("unterminated quote in the options".into())
    } else {
        Err("no key after the options".into())
    }
}

/// The options list as (name, value) pairs, names lower-cased, values unquoted.
fn options(text: &str) -> Result<Vec<(String, Option<String>)>, String> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let name_end = rest.find(['=', ',']).unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(format!("bad option name {:?}", clip(&rest[..name_end])));
        }
        rest = &rest[name_end..];
        let mut value = None;
        if let Some(after) = rest.strip_prefix('=') {
            let Some(body) = after.strip_prefix('"') else {
                return Err(format!("option {name}: the value must be in double quotes"));
            };
            let mut v = String::new();
            let mut chars = body.char_indices();
            let end = loop {
                match chars.next() {
                    Some((_, '\\')) => match chars.next() {
                        Some((_, '"')) => v.push('"'),
                        Some((_, c)) => {
                            v.push('\\');
                            v.push(c);
                        }
                        None => return Err(format!("option {name}: unterminated quote")),
                    },
                    Some((i, '"')) => break i,
                    Some((_, c)) => v.push(c),
                    None => return Err(format!("option {name}: unterminated quote")),
                }
            };
            value = Some(v);
            rest = &body[end + 1..];
        }
        out.push((name, value));
        match rest.strip_prefix(',') {
            Some(r) if !r.is_empty() => rest = r,
            Some(_) => return Err("an empty option after a comma".into()),
            None if rest.is_empty() => {}
            None => return Err(format!("unexpected {:?} after an option", clip(rest))),
        }
    }
    Ok(out)
}

fn clip(s: &str) -> String {
    s.chars().take(24).collect()
}

/// Parses the options text of one line.
pub fn parse(text: &str) -> Result<KeyOptions, String> {
    let mut o = KeyOptions::default();
    let (mut restrict, mut pty) = (false, false);
    for (name, value) in options(text)? {
        let need = |v: &Option<String>| {
            v.clone()
                .ok_or_else(|| format!("option {name} needs a value (name=\"...\")"))
        };
        match name.as_str() {
            "from" => o.from = Some(need(&value)?),
            "expiry-time" => o.expires = Some(parse_expiry(&need(&value)?)?),
            "cert-authority" => o.cert_authority = true,
            "no-pty" => o.no_pty = true,
            "pty" => pty = true,
            "restrict" => {
                restrict = true;
                o.moot.push(name);
            }
            "command" | "environment" | "permitopen" | "permitlisten" | "principals" | "tunnel" => {
                need(&value)?;
                o.moot.push(name);
            }
            "no-agent-forwarding"
            | "no-port-forwarding"
            | "no-x11-forwarding"
            | "no-user-rc"
            | "no-touch-required"
            | "verify-required"
            | "agent-forwarding"
            | "port-forwarding"
            | "x11-forwarding"
            | "user-rc" => o.moot.push(name),
            other => return Err(format!("unknown option {:?}", clip(other))),
        }
    }
    // `restrict` turns the pty off unless `pty` turns it back on, as in sshd.
    if restrict && !pty {
        o.no_pty = true;
    }
    Ok(o)
}

/// `YYYYMMDD[HHMM[SS]]`, local time unless it ends in `Z` (UTC), as sshd reads it.
pub fn parse_expiry(text: &str) -> Result<DateTime<Utc>, String> {
    let bad = || format!("expiry-time {:?} is not YYYYMMDD[HHMM[SS]][Z]", clip(text));
    let (digits, utc) = match text.strip_suffix(['Z', 'z']) {
        Some(d) => (d, true),
        None => (text, false),
    };
    if !digits.chars().all(|c| c.is_ascii_digit()) || ![8, 12, 14].contains(&digits.len()) {
        return Err(bad());
    }
    let num = |r: std::ops::Range<usize>| digits.get(r).map_or(Ok(0), |s| s.parse::<u32>());
    let (y, m, d) = (num(0..4), num(4..6), num(6..8));
    let (hh, mm, ss) = (num(8..10), num(10..12), num(12..14));
    let (Ok(y), Ok(m), Ok(d), Ok(hh), Ok(mm), Ok(ss)) = (y, m, d, hh, mm, ss) else {
        return Err(bad());
    };
    let naive: NaiveDateTime = NaiveDate::from_ymd_opt(y as i32, m, d)
        .and_then(|day| day.and_hms_opt(hh, mm, ss))
        .ok_or_else(bad)?;
    if utc {
        Ok(Utc.from_utc_datetime(&naive))
    } else {
        Local
            .from_local_datetime(&naive)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .ok_or_else(bad)
    }
}

/// Whether `addr` passes a `from=` pattern list: a negated pattern (`!`) that matches
/// refuses, otherwise one plain pattern must match. Patterns are addresses with `*` and
/// `?` wildcards, or CIDR blocks (`10.0.0.0/8`, `2001:db8::/32`). Host names cannot match
/// (sitrep does not look the client up in DNS, like sshd with UseDNS no).
pub fn from_allows(patterns: &str, addr: IpAddr) -> bool {
    let addr = match addr {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(addr, IpAddr::V4),
        v4 => v4,
    };
    let text = addr.to_string();
    let mut allowed = false;
    for p in patterns.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (negated, p) = match p.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, p),
        };
        let hit = if p.contains('/') {
            cidr_contains(p, addr)
        } else {
            wildcard(p.to_ascii_lowercase().as_bytes(), text.as_bytes())
        };
        if hit && negated {
            return false;
        }
        allowed |= hit;
    }
    allowed
}

fn cidr_contains(block: &str, addr: IpAddr) -> bool {
    let Some((net, bits)) = block.split_once('/') else {
        return false;
    };
    let (Ok(net), Ok(bits)) = (net.parse::<IpAddr>(), bits.parse::<u32>()) else {
        return false;
    };
    match (net, addr) {
        (IpAddr::V4(n), IpAddr::V4(a)) if bits <= 32 => {
            let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
            u32::from(n) & mask == u32::from(a) & mask
        }
        (IpAddr::V6(n), IpAddr::V6(a)) if bits <= 128 => {
            let mask = u128::MAX.checked_shl(128 - bits).unwrap_or(0);
            u128::from(n) & mask == u128::from(a) & mask
        }
        _ => false,
    }
}

/// `*` any run, `?` any one character (iterative, linear in practice).
fn wildcard(p: &[u8], s: &[u8]) -> bool {
    let (mut pi, mut si) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        if pi < p.len() && (p[pi] == b'?' || p[pi] == s[si]) {
            pi += 1;
            si += 1;
        } else if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, si));
            pi += 1;
        } else if let Some((sp, ss)) = star {
            pi = sp + 1;
            si = ss + 1;
            star = Some((sp, ss + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn splits_options_with_quoted_commas_spaces_and_escaped_quotes() {
        let line = r#"from="10.0.0.1,192.168.*",command="echo \"a b\", c" ssh-ed25519 AAAA x"#;
        let (opts, rest) = split_line(line).unwrap();
        assert_eq!(rest, "ssh-ed25519 AAAA x");
        let list = options(opts.unwrap()).unwrap();
        assert_eq!(list[0], ("from".into(), Some("10.0.0.1,192.168.*".into())));
        assert_eq!(list[1], ("command".into(), Some("echo \"a b\", c".into())));
        assert_eq!(
            split_line("ssh-ed25519 AAAA x").unwrap(),
            (None, "ssh-ed25519 AAAA x")
        );
    }

    #[test]
    fn an_unterminated_quote_or_unknown_option_is_an_error() {
        assert!(split_line(r#"from="10.0.0.1 ssh-ed25519 AAAA"#).is_err());
        assert!(parse(r#"command="x"#).is_err());
        assert!(parse("frobnicate").is_err());
        assert!(parse("from=10.0.0.1").is_err(), "value not quoted");
        assert!(parse("from").is_err(), "no value");
    }

    #[test]
    fn restrict_means_no_pty_unless_pty_is_given() {
        assert!(parse("restrict").unwrap().no_pty);
        assert!(!parse("restrict,pty").unwrap().no_pty);
        assert!(parse("no-pty").unwrap().no_pty);
        let o = parse(r#"command="/bin/x",permitopen="h:1""#).unwrap();
        assert_eq!(o.moot, ["command", "permitopen"]);
        assert!(parse("cert-authority").unwrap().cert_authority);
    }

    #[test]
    fn from_matches_wildcards_cidr_and_negation() {
        assert!(from_allows("10.9.9.9", ip("10.9.9.9")));
        assert!(!from_allows("10.9.9.9", ip("127.0.0.1")));
        assert!(from_allows("127.0.0.?", ip("127.0.0.1")));
        assert!(from_allows("127.*", ip("127.0.0.1")));
        assert!(from_allows("10.0.0.0/8,127.0.0.0/8", ip("127.1.2.3")));
        assert!(!from_allows("!127.0.0.1,127.*", ip("127.0.0.1")));
        assert!(
            !from_allows("!10.*", ip("127.0.0.1")),
            "only a negation allows nothing"
        );
        assert!(from_allows("2001:db8::/32", ip("2001:db8::5")));
        assert!(from_allows("127.0.0.1", ip("::ffff:127.0.0.1")));
        assert!(!from_allows("*.example.org", ip("127.0.0.1")));
        assert!(from_allows("0.0.0.0/0", ip("8.8.8.8")));
    }

    #[test]
    fn expiry_time_reads_dates_times_and_utc() {
        let t = parse_expiry("20250102Z").unwrap();
        assert_eq!(t.to_rfc3339(), "2025-01-02T00:00:00+00:00");
        let t = parse_expiry("202501021304Z").unwrap();
        assert_eq!(t.to_rfc3339(), "2025-01-02T13:04:00+00:00");
        let t = parse_expiry("20250102130405Z").unwrap();
        assert_eq!(t.to_rfc3339(), "2025-01-02T13:04:05+00:00");
        assert!(parse_expiry("20250102").is_ok(), "local time");
        assert!(parse_expiry("2025010").is_err());
        assert!(parse_expiry("20251340").is_err());
    }
}
