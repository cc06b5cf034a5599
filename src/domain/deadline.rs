//! The due date of a data-subject request (GDPR Art. 12(3)) and the Finnish
//! working-day calendar it is reckoned on.
//!
//! A request must be answered within one month of receipt, extendable by two
//! further months. Months are counted as in Regulation (EEC, Euratom) 1182/71
//! Art. 3(2)(c): the same day of the month later, or that month's last day
//! when it has no such day; a period ending on a Saturday, Sunday or public
//! holiday ends on the next working day instead (Art. 3(4)).
//!
//! Not here: storing requests, reminders, or the Finnish "arkipyhä" customs
//! that are not public holidays (e.g. Shrove Tuesday, Independence Day Eve);
//! only the holidays listed in [`finnish_public_holidays`] close the calendar.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use thiserror::Error;

/// Why a deadline could not be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum DeadlineError {
    /// An extension must be one or two months (GDPR Art. 12(3)).
    #[error("a deadline can be extended by one or two months only")]
    ExtensionOutOfRange,
}

/// How pressing an open request is, relative to today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    /// The due date has passed.
    Overdue,
    /// Due today or within the next seven days.
    DueWithinWeek,
    /// Due more than seven days from now.
    OnTime,
}

/// Easter Sunday of `year` by the anonymous Gregorian algorithm
/// (Meeus/Jones/Butcher). `None` only outside chrono's date range.
fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let n = h + l - 7 * m + 114;
    let month = u32::try_from(n.div_euclid(31)).ok()?;
    let day = u32::try_from(n.rem_euclid(31) + 1).ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The first `weekday` on or after `year`-`month`-`day`.
fn first_weekday_from(year: i32, month: u32, day: u32, weekday: Weekday) -> Option<NaiveDate> {
    let start = NaiveDate::from_ymd_opt(year, month, day)?;
    let ahead = (7 + weekday.num_days_from_monday() - start.weekday().num_days_from_monday()) % 7;
    start.checked_add_days(Days::new(u64::from(ahead)))
}

/// The Finnish public holidays of `year`, sorted: New Year's Day, Epiphany,
/// Good Friday, Easter Sunday, Easter Monday, May Day, Ascension Day,
/// Midsummer Eve and Day, All Saints' Day, Independence Day, Christmas Eve,
/// Christmas Day and Boxing Day.
///
/// Midsummer Eve is the Friday of 19–25 June, Midsummer Day the Saturday after
/// it, All Saints' Day the Saturday of 31 October – 6 November. Years at the
/// edge of chrono's date range may yield fewer dates.
pub fn finnish_public_holidays(year: i32) -> Vec<NaiveDate> {
    let fixed = |month, day| NaiveDate::from_ymd_opt(year, month, day);
    let easter = easter_sunday(year);
    let from_easter = |offset: i64| {
        easter.and_then(|e| {
            if offset >= 0 {
                e.checked_add_days(Days::new(offset.unsigned_abs()))
            } else {
                e.checked_sub_days(Days::new(offset.unsigned_abs()))
            }
        })
    };
    let midsummer_eve = first_weekday_from(year, 6, 19, Weekday::Fri);
    let mut days: Vec<NaiveDate> = [
        fixed(1, 1),
        fixed(1, 6),
        from_easter(-2),
        easter,
        from_easter(1),
        fixed(5, 1),
        from_easter(39),
        midsummer_eve,
        midsummer_eve.and_then(|d| d.succ_opt()),
        first_weekday_from(year, 10, 31, Weekday::Sat),
        fixed(12, 6),
        fixed(12, 24),
        fixed(12, 25),
        fixed(12, 26),
    ]
    .into_iter()
    .flatten()
    .collect();
    days.sort_unstable();
    days
}

/// Whether `date` is a Finnish working day: neither a Saturday, a Sunday nor
/// one of [`finnish_public_holidays`].
pub fn is_working_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !finnish_public_holidays(date.year()).contains(&date)
}

/// `date` itself if it is a working day, otherwise the first working day
/// after it. Saturates at chrono's last representable date.
pub fn next_working_day_on_or_after(date: NaiveDate) -> NaiveDate {
    let mut day = date;
    while !is_working_day(day) {
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    day
}

/// The same day of the month `months` later, or that month's last day when
/// it has no such day (Regulation 1182/71 Art. 3(2)(c)): 31 January plus one
/// month is 28 February, or 29 February in a leap year. Saturates at chrono's
/// last representable date.
pub fn add_months_clamped(date: NaiveDate, months: u32) -> NaiveDate {
    // chrono already clamps to the last day of the target month.
    date.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

/// When a data-subject request received on `received` must be answered:
/// one month later (GDPR Art. 12(3)), moved to the next working day when
/// that falls on a weekend or holiday.
pub fn request_due_date(received: NaiveDate) -> NaiveDate {
    next_working_day_on_or_after(add_months_clamped(received, 1))
}

/// The due date after extending the one-month period by `extra_months`,
/// which GDPR Art. 12(3) allows to be one or two; anything else is
/// [`DeadlineError::ExtensionOutOfRange`]. Counted from `received` as a
/// whole, so 31 January + 1 + 1 months is 31 March, not 28 March.
pub fn extended_due_date(received: NaiveDate, extra_months: u32) -> Result<NaiveDate, DeadlineError> {
    if !(1..=2).contains(&extra_months) {
        return Err(DeadlineError::ExtensionOutOfRange);
    }
    Ok(next_working_day_on_or_after(add_months_clamped(received, 1 + extra_months)))
}

/// Calendar days from `today` to `due`: zero on the due date, negative once
/// it has passed.
pub fn days_until(today: NaiveDate, due: NaiveDate) -> i64 {
    (due - today).num_days()
}

/// How urgent a request due on `due` is on `today`: overdue after the due
/// date, due within a week from 0 to 7 days before it, on time otherwise.
pub fn urgency(today: NaiveDate, due: NaiveDate) -> Urgency {
    match days_until(today, due) {
        ..0 => Urgency::Overdue,
        0..=7 => Urgency::DueWithinWeek,
        _ => Urgency::OnTime,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).expect("valid test date")
    }

    // Easter and holidays

    #[test]
    fn easter_matches_known_dates() {
        for (year, month, day) in
            [(2024, 3, 31), (2025, 4, 20), (2026, 4, 5), (2027, 3, 28), (2038, 4, 25), (2285, 3, 22), (1943, 4, 25)]
        {
            assert_eq!(easter_sunday(year), Some(d(year, month, day)), "{year}");
        }
    }

    #[test]
    fn easter_is_always_a_sunday() {
        for year in 1900..=2200 {
            let easter = easter_sunday(year).expect("in range");
            assert_eq!(easter.weekday(), Weekday::Sun, "{year}");
        }
    }

    #[test]
    fn holidays_of_2026_are_the_fourteen_expected() {
        assert_eq!(
            finnish_public_holidays(2026),
            vec![
                d(2026, 1, 1),
                d(2026, 1, 6),
                d(2026, 4, 3),
                d(2026, 4, 5),
                d(2026, 4, 6),
                d(2026, 5, 1),
                d(2026, 5, 14),
                d(2026, 6, 19),
                d(2026, 6, 20),
                d(2026, 10, 31),
                d(2026, 12, 6),
                d(2026, 12, 24),
                d(2026, 12, 25),
                d(2026, 12, 26),
            ]
        );
    }

    #[test]
    fn holidays_fall_on_the_right_weekdays_and_windows() {
        for year in 1900..=2200 {
            let days = finnish_public_holidays(year);
            assert_eq!(days.len(), 14, "{year}");
            assert!(days.is_sorted(), "{year}");
            let midsummer_eve =
                days.iter().find(|x| x.month() == 6 && x.weekday() == Weekday::Fri).expect("midsummer eve");
            assert!((19..=25).contains(&midsummer_eve.day()), "{year}");
            let midsummer_day = midsummer_eve.succ_opt().expect("in range");
            assert!(days.contains(&midsummer_day));
            assert_eq!(midsummer_day.weekday(), Weekday::Sat);
            let all_saints = days.iter().find(|x| x.weekday() == Weekday::Sat && x.month() >= 10).expect("all saints");
            assert!(*all_saints >= d(year, 10, 31) && *all_saints <= d(year, 11, 6), "{year}");
        }
    }

    #[test]
    fn ascension_can_precede_may_day() {
        // Easter on 22 March 2285 puts Ascension Day on 30 April.
        let days = finnish_public_holidays(2285);
        assert_eq!(days[5], d(2285, 4, 30));
        assert_eq!(days[6], d(2285, 5, 1));
    }

    #[test]
    fn working_days_exclude_weekends_and_holidays() {
        assert!(is_working_day(d(2026, 3, 2))); // Monday
        assert!(!is_working_day(d(2026, 2, 28))); // Saturday
        assert!(!is_working_day(d(2026, 3, 1))); // Sunday
        assert!(!is_working_day(d(2026, 4, 6))); // Easter Monday
        assert!(!is_working_day(d(2026, 12, 24))); // Thursday, Christmas Eve
        assert!(is_working_day(d(2026, 12, 23)));
    }

    #[test]
    fn next_working_day_keeps_a_working_day() {
        assert_eq!(next_working_day_on_or_after(d(2026, 3, 4)), d(2026, 3, 4));
    }

    #[test]
    fn next_working_day_skips_easter() {
        assert_eq!(next_working_day_on_or_after(d(2026, 4, 3)), d(2026, 4, 7));
    }

    // Month arithmetic

    #[test]
    fn add_month_clamps_to_end_of_february() {
        assert_eq!(add_months_clamped(d(2026, 1, 31), 1), d(2026, 2, 28));
        assert_eq!(add_months_clamped(d(2028, 1, 31), 1), d(2028, 2, 29));
    }

    #[test]
    fn add_month_keeps_existing_day() {
        assert_eq!(add_months_clamped(d(2026, 11, 30), 1), d(2026, 12, 30));
        assert_eq!(add_months_clamped(d(2026, 12, 15), 1), d(2027, 1, 15));
    }

    #[test]
    fn add_month_clamps_to_thirtieth() {
        assert_eq!(add_months_clamped(d(2026, 10, 31), 1), d(2026, 11, 30));
    }

    #[test]
    fn add_months_counts_from_the_original_day() {
        assert_eq!(add_months_clamped(d(2026, 1, 31), 2), d(2026, 3, 31));
        assert_eq!(add_months_clamped(d(2028, 2, 29), 12), d(2029, 2, 28));
        assert_eq!(add_months_clamped(d(2026, 5, 5), 0), d(2026, 5, 5));
    }

    #[test]
    fn add_months_saturates_at_the_end_of_time() {
        assert_eq!(add_months_clamped(NaiveDate::MAX, 1), NaiveDate::MAX);
    }

    // Due dates

    #[test]
    fn due_date_moves_off_saturday_end_of_february() {
        assert_eq!(d(2026, 2, 28).weekday(), Weekday::Sat);
        assert_eq!(d(2026, 3, 2).weekday(), Weekday::Mon);
        assert_eq!(request_due_date(d(2026, 1, 31)), d(2026, 3, 2));
    }

    #[test]
    fn due_date_moves_past_easter_sunday_and_monday() {
        assert_eq!(d(2026, 4, 5).weekday(), Weekday::Sun);
        assert_eq!(d(2026, 4, 6).weekday(), Weekday::Mon);
        assert_eq!(d(2026, 4, 7).weekday(), Weekday::Tue);
        assert_eq!(request_due_date(d(2026, 3, 5)), d(2026, 4, 7));
    }

    #[test]
    fn due_date_moves_past_christmas() {
        assert_eq!(d(2026, 12, 24).weekday(), Weekday::Thu);
        assert_eq!(d(2026, 12, 26).weekday(), Weekday::Sat);
        assert_eq!(d(2026, 12, 27).weekday(), Weekday::Sun);
        assert_eq!(d(2026, 12, 28).weekday(), Weekday::Mon);
        assert_eq!(request_due_date(d(2026, 11, 24)), d(2026, 12, 28));
    }

    #[test]
    fn due_date_moves_past_midsummer() {
        assert_eq!(d(2026, 6, 19).weekday(), Weekday::Fri);
        assert_eq!(d(2026, 6, 22).weekday(), Weekday::Mon);
        assert_eq!(request_due_date(d(2026, 5, 19)), d(2026, 6, 22));
    }

    #[test]
    fn due_date_on_a_working_day_stays() {
        assert_eq!(request_due_date(d(2026, 2, 10)), d(2026, 3, 10));
    }

    #[test]
    fn extension_by_one_or_two_months() {
        // 31.3.2026 is a Tuesday; 30.4.2026 a Thursday.
        assert_eq!(extended_due_date(d(2026, 1, 31), 1), Ok(d(2026, 3, 31)));
        assert_eq!(extended_due_date(d(2026, 1, 31), 2), Ok(d(2026, 4, 30)));
        // 5.3.2026 + 3 months = 5.6.2026, a Friday.
        assert_eq!(extended_due_date(d(2026, 3, 5), 2), Ok(d(2026, 6, 5)));
        // 4.2.2026 + 2 months = 4.4.2026, Easter Saturday -> Tuesday 7.4.
        assert_eq!(extended_due_date(d(2026, 2, 4), 1), Ok(d(2026, 4, 7)));
    }

    #[test]
    fn extension_of_zero_or_three_months_is_refused() {
        assert_eq!(extended_due_date(d(2026, 1, 31), 0), Err(DeadlineError::ExtensionOutOfRange));
        assert_eq!(extended_due_date(d(2026, 1, 31), 3), Err(DeadlineError::ExtensionOutOfRange));
    }

    // Urgency

    #[test]
    fn days_until_is_negative_when_overdue() {
        assert_eq!(days_until(d(2026, 3, 2), d(2026, 3, 2)), 0);
        assert_eq!(days_until(d(2026, 2, 27), d(2026, 3, 2)), 3);
        assert_eq!(days_until(d(2026, 3, 4), d(2026, 3, 2)), -2);
    }

    #[test]
    fn urgency_boundaries() {
        let due = d(2026, 3, 10);
        assert_eq!(urgency(d(2026, 3, 11), due), Urgency::Overdue);
        assert_eq!(urgency(d(2026, 3, 10), due), Urgency::DueWithinWeek);
        assert_eq!(urgency(d(2026, 3, 3), due), Urgency::DueWithinWeek);
        assert_eq!(urgency(d(2026, 3, 2), due), Urgency::OnTime);
    }
}
