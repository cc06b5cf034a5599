//! Backups of the register as rules: when an automatic backup is due, how a backup file is named
//! (the register's name, the date and the time), which files are ours, and which of ours the
//! keep-the-last-N rule lets go. Plain functions of names and times; the store does the files.

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};

use super::coded_enum;

coded_enum! {
    /// When the window makes a backup by itself.
    pub enum BackupSchedule {
        Off = "off",
        /// When the window is closed.
        OnExit = "on_exit",
        /// Once a day, when there is no backup of ours from today in the folder.
        Daily = "daily",
    }
}

/// The register's backup settings (kept in the register itself, changed with an audit row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSettings {
    /// Where automatic backups go (and where "Back up now" starts); `None` until chosen.
    pub folder: Option<PathBuf>,
    pub schedule: BackupSchedule,
    /// How many of our backups to keep in the folder; older ones of ours are deleted.
    pub keep: u32,
}

/// The fewest backups the keep rule may be set to: the newest one always stays.
pub const MIN_KEEP: u32 = 1;
/// The most the settings offer.
pub const MAX_KEEP: u32 = 365;

impl Default for BackupSettings {
    fn default() -> Self {
        Self { folder: None, schedule: BackupSchedule::Off, keep: 7 }
    }
}

/// What sits between the register's name and the time in a backup's file name.
const MARKER: &str = "-backup-";
const EXTENSION: &str = ".sqlite";
/// The time in a backup's name: sorts as text in time order, no characters Windows forbids.
const TIME_IN_NAME: &str = "%Y-%m-%d-%H%M%S";
const TIME_IN_NAME_LEN: usize = "2026-11-25-140312".len();

/// `rekisteri-backup-2026-11-25-140312.sqlite`; `sequence` > 1 tells apart two backups made in
/// the same second (`…-140312-2.sqlite`).
pub fn backup_file_name(register_stem: &str, taken_at: NaiveDateTime, sequence: u32) -> String {
    let time = taken_at.format(TIME_IN_NAME);
    if sequence > 1 {
        format!("{register_stem}{MARKER}{time}-{sequence}{EXTENSION}")
    } else {
        format!("{register_stem}{MARKER}{time}{EXTENSION}")
    }
}

/// What a backup's name says: when it was made, and which of the backups of that second it is.
/// Orders oldest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct BackupStamp {
    pub taken_at: NaiveDateTime,
    pub sequence: u32,
}

/// The stamp of the backup named `file_name`, if it is one of ours for the register whose file
/// stem is `register_stem` (a backup of another register in the same folder is not ours).
pub fn parse_backup_file_name(register_stem: &str, file_name: &str) -> Option<BackupStamp> {
    let rest = file_name.strip_prefix(register_stem)?.strip_prefix(MARKER)?;
    parse_time_and_tail(rest)
}

/// When a backup was made, read from its name whichever register it is of (for the preview of a
/// restore, which may come from a copy renamed by the user: then `None`).
pub fn backup_time_in_name(file_name: &str) -> Option<NaiveDateTime> {
    let (_, rest) = file_name.rsplit_once(MARKER)?;
    parse_time_and_tail(rest).map(|stamp| stamp.taken_at)
}

/// "2026-11-25-140312.sqlite" or "2026-11-25-140312-2.sqlite".
fn parse_time_and_tail(rest: &str) -> Option<BackupStamp> {
    let time = rest.get(..TIME_IN_NAME_LEN)?;
    let tail = rest.get(TIME_IN_NAME_LEN..)?.strip_suffix(EXTENSION)?;
    let sequence = match tail.strip_prefix('-') {
        None if tail.is_empty() => 1,
        Some(digits) if !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit()) => {
            digits.parse().ok()?
        }
        _ => return None,
    };
    let taken_at = NaiveDateTime::parse_from_str(time, TIME_IN_NAME).ok()?;
    Some(BackupStamp { taken_at, sequence })
}

/// Of our backups (stamp, item), the ones beyond the newest `keep`, oldest first: what the keep
/// rule deletes. Never all of them: at least the newest stays.
pub fn beyond_the_newest<K: Ord + Copy, T>(mut backups: Vec<(K, T)>, keep: u32) -> Vec<T> {
    let keep = usize::try_from(keep.max(MIN_KEEP)).unwrap_or(usize::MAX);
    backups.sort_by_key(|(stamp, _)| std::cmp::Reverse(*stamp));
    let mut older: Vec<(K, T)> = backups.into_iter().skip(keep).collect();
    older.reverse();
    older.into_iter().map(|(_, item)| item).collect()
}

/// Whether the daily backup is due: none of ours from `today` yet.
pub fn daily_backup_due(newest: Option<NaiveDateTime>, today: NaiveDate) -> bool {
    newest.is_none_or(|taken_at| taken_at.date() < today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32, hour: u32, minute: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap().and_hms_opt(hour, minute, 7).unwrap()
    }

    #[test]
    fn a_backup_is_named_after_the_register_and_the_time() {
        assert_eq!(backup_file_name("rekisteri", at(25, 14, 3), 1), "rekisteri-backup-2026-11-25-140307.sqlite");
        assert_eq!(backup_file_name("rekisteri", at(25, 14, 3), 2), "rekisteri-backup-2026-11-25-140307-2.sqlite");
    }

    #[test]
    fn only_our_backups_of_this_register_are_recognised() {
        let name = backup_file_name("kauppa", at(3, 9, 0), 1);
        let first = parse_backup_file_name("kauppa", &name).unwrap();
        assert_eq!(first, BackupStamp { taken_at: at(3, 9, 0), sequence: 1 });
        let third = parse_backup_file_name("kauppa", &backup_file_name("kauppa", at(3, 9, 0), 3)).unwrap();
        let tenth = parse_backup_file_name("kauppa", &backup_file_name("kauppa", at(3, 9, 0), 10)).unwrap();
        assert!(first < third && third < tenth, "backups of one second sort in the order they were made");
        assert_eq!(parse_backup_file_name("toinen", &name), None, "another register's backup");
        assert_eq!(parse_backup_file_name("kaup", &name), None, "a register whose name is a prefix");
        for foreign in [
            "kauppa-backup-manual.sqlite",
            "kauppa-backup-2026-11-03-090007.sqlite.partial",
            "kauppa-backup-2026-11-03-090007-.sqlite",
            "kauppa-backup-2026-11-03-090007-x.sqlite",
            "kauppa-backup-2026-13-03-090007.sqlite",
            "kauppa.sqlite",
            "notes.txt",
        ] {
            assert_eq!(parse_backup_file_name("kauppa", foreign), None, "{foreign}");
        }
        assert_eq!(backup_time_in_name(&name), Some(at(3, 9, 0)));
        assert_eq!(backup_time_in_name("copy of my register.sqlite"), None);
    }

    #[test]
    fn the_keep_rule_lets_go_of_the_oldest_beyond_n() {
        let backups = vec![(at(3, 1, 0), "c"), (at(1, 1, 0), "a"), (at(4, 1, 0), "d"), (at(2, 1, 0), "b")];
        assert_eq!(beyond_the_newest(backups.clone(), 2), vec!["a", "b"]);
        assert_eq!(beyond_the_newest(backups.clone(), 4), Vec::<&str>::new());
        assert_eq!(beyond_the_newest(backups, 0), vec!["a", "b", "c"], "the newest always stays");
    }

    #[test]
    fn the_daily_backup_is_due_once_a_day() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert!(daily_backup_due(None, today));
        assert!(daily_backup_due(Some(at(24, 23, 59)), today));
        assert!(!daily_backup_due(Some(at(25, 0, 1)), today));
    }
}
