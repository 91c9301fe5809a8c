//! Problems found while loading a store, and the errors that stop a load outright.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

/// One thing wrong with one record. Loading goes on; the record is either skipped or kept
/// with the faulty part set aside, and `skipped` says which.
#[derive(Clone, Debug, PartialEq, Serialize, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Problem {
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// "incident", "actor", "town", "report", "meta".
    #[rkyv(with = KindName)]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub message: String,
    pub skipped: bool,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", self.kind)?;
        if let Some(id) = &self.record {
            write!(f, " '{id}'")?;
        }
        if let Some(field) = &self.field {
            write!(f, " field '{field}'")?;
        }
        write!(f, ": {}", self.message)?;
        if self.skipped {
            write!(f, " (record skipped)")?;
        }
        Ok(())
    }
}

/// Why a store could not be opened at all. Nothing is loaded in these cases.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: is a directory, not a store file")]
    IsDirectory { path: PathBuf },
    /// A FIFO, socket or device: reading one could block forever or never end.
    #[error("{path}: is {what}, not a regular file; refused (sitrep reads only regular files)")]
    NotRegular { path: PathBuf, what: &'static str },
    #[error("{path}: file is empty")]
    Empty { path: PathBuf },
    #[error("{path}: not a sitrep store: {reason}")]
    WrongFormat { path: PathBuf, reason: String },
    /// Neither a sitrep store nor an ACLED or UCDP GED export.
    #[error("{path}: not a recognised format: {reason}")]
    UnknownFormat { path: PathBuf, reason: String },
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{path}: schema_version {found} is not supported (this build reads version {supported})"
    )]
    UnknownSchema {
        path: PathBuf,
        found: String,
        supported: u32,
    },
}

/// The record kinds a problem names; a snapshot's problem of another kind is refused.
const KINDS: [&str; 6] = ["incident", "actor", "town", "report", "meta", "store"];

/// A problem's kind in the snapshot cache: archived as its text, read back as the
/// `&'static str` of the same name.
pub struct KindName;

#[derive(Debug)]
struct UnknownKind(String);

impl fmt::Display for UnknownKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown problem kind {:?}", self.0)
    }
}

impl std::error::Error for UnknownKind {}

impl rkyv::with::ArchiveWith<&'static str> for KindName {
    type Archived = rkyv::string::ArchivedString;
    type Resolver = rkyv::string::StringResolver;

    fn resolve_with(
        field: &&'static str,
        resolver: Self::Resolver,
        out: rkyv::Place<Self::Archived>,
    ) {
        rkyv::string::ArchivedString::resolve_from_str(field, resolver, out);
    }
}

impl<S> rkyv::with::SerializeWith<&'static str, S> for KindName
where
    S: rkyv::rancor::Fallible + rkyv::ser::Writer + ?Sized,
    S::Error: rkyv::rancor::Source,
{
    fn serialize_with(field: &&'static str, s: &mut S) -> Result<Self::Resolver, S::Error> {
        rkyv::string::ArchivedString::serialize_from_str(field, s)
    }
}

impl<D> rkyv::with::DeserializeWith<rkyv::string::ArchivedString, &'static str, D> for KindName
where
    D: rkyv::rancor::Fallible + ?Sized,
    D::Error: rkyv::rancor::Source,
{
    fn deserialize_with(
        field: &rkyv::string::ArchivedString,
        _: &mut D,
    ) -> Result<&'static str, D::Error> {
        let name = field.as_str();
        KINDS
            .iter()
            .find(|k| **k == name)
            .copied()
            .ok_or_else(|| <D::Error as rkyv::rancor::Source>::new(UnknownKind(name.to_string())))
    }
}
