//! Runs customer-list queries on a worker thread with its own connection, so typing in the search
//! box never waits for the database. Only the newest query matters: stale ones are skipped, and a
//! result that arrives for an older query than the newest sent is dropped. Dropping the loader
//! waits for its worker to finish, so its connection is closed when the drop returns (a restore
//! replaces the register file only once no connection is left).

use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::thread::JoinHandle;

use crate::domain::customer::CustomerId;
use crate::store::{CustomerQuery, Store};

type Job = (u64, CustomerQuery);
type Outcome = (u64, Answer);

/// How many ids the first, early answer for a whole-register list holds (more than a window
/// shows).
const FIRST_SCREENFUL: usize = 100;

/// A worker's answer to a query.
enum Answer {
    /// The first ids in list order; the whole list follows.
    FirstScreenful(Vec<CustomerId>),
    /// Every matching id (or why not).
    Whole(Result<Vec<CustomerId>, crate::store::Error>),
}

pub struct ListLoader {
    /// `None` only while dropping: closing the queue tells the worker to stop.
    jobs: Option<Sender<Job>>,
    worker: Option<JoinHandle<()>>,
    outcomes: Receiver<Outcome>,
    newest_sent: u64,
    pending: bool,
}

impl ListLoader {
    /// Starts the worker on a second connection to the register. `ctx` is woken when a result is in.
    pub fn start(reader: Store, ctx: egui::Context) -> std::io::Result<Self> {
        let (jobs, job_queue) = channel::<Job>();
        let (outcome_sender, outcomes) = channel::<Outcome>();
        let worker = std::thread::Builder::new().name("customer-search".into()).spawn(move || {
            while let Ok(mut job) = job_queue.recv() {
                // Skip to the newest query typed so far.
                loop {
                    match job_queue.try_recv() {
                        Ok(newer) => job = newer,
                        Err(TryRecvError::Empty) => break,
                        Err(TryRecvError::Disconnected) => return,
                    }
                }
                let (generation, query) = job;
                // A list of most of a large register takes a moment: its first screenful goes
                // ahead, so the list shows at once. (Not for a search or a filter for a handful
                // of people, which would read the register twice to find its first hundred.)
                if query.keeps_most_of_the_register()
                    && let Ok(first) = reader.first_customer_ids(&query, FIRST_SCREENFUL)
                    && first.len() == FIRST_SCREENFUL
                {
                    if outcome_sender.send((generation, Answer::FirstScreenful(first))).is_err() {
                        return;
                    }
                    ctx.request_repaint();
                }
                let result = reader.customer_ids(&query);
                if outcome_sender.send((generation, Answer::Whole(result))).is_err() {
                    return;
                }
                ctx.request_repaint();
            }
        })?;
        Ok(Self { jobs: Some(jobs), worker: Some(worker), outcomes, newest_sent: 0, pending: false })
    }

    /// Sends a query; its result replaces whatever the list shows when it arrives.
    pub fn request(&mut self, query: CustomerQuery) {
        self.newest_sent += 1;
        self.pending = self.jobs.as_ref().is_some_and(|jobs| jobs.send((self.newest_sent, query)).is_ok());
    }

    /// The newest query's result, once it has arrived: first, for a list of the whole register,
    /// its first screenful (the query stays pending), then every id.
    pub fn poll(&mut self) -> Option<Result<Vec<CustomerId>, crate::store::Error>> {
        let mut newest = None;
        while let Ok((generation, answer)) = self.outcomes.try_recv() {
            if generation == self.newest_sent {
                newest = Some(match answer {
                    Answer::FirstScreenful(first) => Ok(first),
                    Answer::Whole(result) => {
                        self.pending = false;
                        result
                    }
                });
            }
        }
        newest
    }

    /// A query is on its way (its whole answer has not arrived).
    pub fn is_pending(&self) -> bool {
        self.pending
    }

    /// One frame's exchange for a list: sends `query` when it differs from `sent` (and records
    /// it there), keeps the window repainting while an answer is awaited, and returns the
    /// newest answer when one has arrived.
    pub fn exchange(
        &mut self,
        query: &CustomerQuery,
        sent: &mut Option<CustomerQuery>,
        ctx: &egui::Context,
    ) -> Option<Result<Vec<CustomerId>, crate::store::Error>> {
        let answer = self.poll();
        if sent.as_ref() != Some(query) {
            self.request(query.clone());
            *sent = Some(query.clone());
        }
        if self.is_pending() {
            ctx.request_repaint_after(std::time::Duration::from_millis(30));
        }
        answer
    }
}

impl Drop for ListLoader {
    fn drop(&mut self) {
        drop(self.jobs.take());
        if let Some(worker) = self.worker.take() {
            // A worker that panicked has nothing left to close.
            let _ = worker.join();
        }
    }
}

/// Rows read around the visible ones, so that scrolling reads the database once a screenful.
const PAGE_BEHIND: usize = 60;
const PAGE_AHEAD: usize = 140;

/// The rows of a long list's visible part (a table drawn over the ids a worker found), read
/// again only when the view scrolls out of them.
pub struct RowPage<T> {
    start: usize,
    rows: Vec<T>,
}

impl<T> Default for RowPage<T> {
    fn default() -> Self {
        Self { start: 0, rows: Vec::new() }
    }
}

impl<T> RowPage<T> {
    pub fn get(&self, index: usize) -> Option<&T> {
        index.checked_sub(self.start).and_then(|offset| self.rows.get(offset))
    }

    /// Makes sure row `index` of `ids` is in the page, reading the rows around it with `read`
    /// when it is not.
    pub fn ensure<E>(
        &mut self,
        index: usize,
        ids: &[CustomerId],
        read: impl FnOnce(&[CustomerId]) -> Result<Vec<T>, E>,
    ) -> Result<(), E> {
        if self.get(index).is_none() {
            let start = index.saturating_sub(PAGE_BEHIND).min(ids.len());
            let end = (index + PAGE_AHEAD).min(ids.len());
            self.rows = read(&ids[start..end])?;
            self.start = start;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::*;
    use crate::domain::password::PasswordCost;

    /// Every answer the loader gives to `query`, in order, until the whole one.
    fn answers(loader: &mut ListLoader, query: CustomerQuery) -> Vec<Vec<CustomerId>> {
        loader.request(query);
        let mut answers = Vec::new();
        let started = std::time::Instant::now();
        while loader.is_pending() || answers.is_empty() {
            if let Some(answer) = loader.poll() {
                answers.push(answer.unwrap());
            }
            assert!(started.elapsed() < std::time::Duration::from_secs(20), "the worker never answered");
            std::thread::yield_now();
        }
        answers
    }

    #[test]
    fn a_list_of_most_of_the_register_sends_its_first_screenful_ahead_and_a_search_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("loader.sqlite");
        let mut store =
            Store::create(&path, "admin", "", "lista-salasana-2026", PasswordCost::insecure_fast_for_tests()).unwrap();
        crate::sample::populate(&mut store, 400, 5, |_| true).unwrap();
        let whole = store.customer_ids(&CustomerQuery::default()).unwrap();
        assert!(whole.len() > FIRST_SCREENFUL);
        let mut loader = ListLoader::start(store.reader().unwrap(), egui::Context::default()).unwrap();

        let all = answers(&mut loader, CustomerQuery::default());
        assert_eq!(all.last(), Some(&whole), "the last answer is the whole list");
        // The first screenful may be overtaken by the whole list in the same poll, but if it
        // came on its own it is the list's beginning.
        if all.len() == 2 {
            assert_eq!(all[0][..], whole[..FIRST_SCREENFUL]);
        }
        assert!(all.len() <= 2);

        let name = store.customer_rows(&whole[..1]).unwrap()[0].name.clone();
        let surname = name.split_whitespace().last().unwrap().to_owned();
        let query = CustomerQuery { text: surname, ..CustomerQuery::default() };
        let found = answers(&mut loader, query.clone());
        assert_eq!(found, vec![store.customer_ids(&query).unwrap()], "a search answers once");
        let filtered = CustomerQuery { with_open_request: true, ..CustomerQuery::default() };
        let found = answers(&mut loader, filtered.clone());
        assert_eq!(found, vec![store.customer_ids(&filtered).unwrap()], "a filter answers once");
    }

    #[test]
    fn a_page_is_read_once_for_the_rows_around_and_again_only_outside_them() {
        let ids: Vec<CustomerId> = (1..=1000).map(CustomerId).collect();
        let mut page: RowPage<i64> = RowPage::default();
        let mut reads = Vec::new();
        let read = |index: usize, page: &mut RowPage<i64>, reads: &mut Vec<(i64, usize)>| {
            page.ensure(index, &ids, |some| {
                reads.push((some[0].0, some.len()));
                Ok::<_, ()>(some.iter().map(|id| id.0).collect())
            })
            .unwrap();
        };
        read(500, &mut page, &mut reads);
        read(520, &mut page, &mut reads);
        assert_eq!(reads, vec![(441, 200)], "one read covers the rows around");
        assert_eq!(page.get(520), Some(&521));
        read(990, &mut page, &mut reads);
        assert_eq!(reads[1], (931, 70), "at the end the page stops at the last id");
        assert_eq!(page.get(999), Some(&1000));
        assert_eq!(page.get(500), None);
    }
}
