// 例会签到: the meetings the caller is invited to, with 签到 on the meeting's day; heads record a meeting of
// a unit they supervise (date, topic, the people invited) and see their subtrees' meetings with who signed.
import { useMemo, useState } from 'react';
import { api, describeError, serverNow } from '../../api';
import { Async } from '../../components/States';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useRequest } from '../../lib/hooks';
import { sessionStore } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { meetingApi, type Meeting } from './api';

/** The business day (Asia/Shanghai) of the server's now, as YYYY-MM-DD. */
function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(serverNow()));
}

export default function MeetingsPage() {
  const { t } = useI18n();
  const user = sessionStore.get()?.user;
  const isHead = !!user?.admin || !!user?.supervises?.length;
  const [tick, setTick] = useState(0);
  return (
    <div className="page page--meetings">
      <header className="page__head">
        <h1>{t('meeting.title')}</h1>
      </header>
      <Invitations tick={tick} />
      {isHead && <RecordForm onSaved={() => setTick((n) => n + 1)} />}
      {isHead && <HeadList tick={tick} />}
    </div>
  );
}

function Invitations({ tick }: { tick: number }) {
  const { t } = useI18n();
  const me = sessionStore.get()?.user.username ?? '';
  const list = useRequest(() => meetingApi.list({ invited: '1', pageSize: 20 }), [tick]);
  const signIn = async (m: Meeting) => {
    try {
      await meetingApi.signIn(m.id);
      toast('success', t('meeting.signedIn'));
      list.reload();
    } catch (err) {
      toast('error', describeError(err));
    }
  };
  return (
    <section className="card">
      <h2>{t('meeting.mine')}</h2>
      <Async state={list} empty={(l) => !l.items.length} emptyTitle={t('meeting.none')}>
        {(l) => (
          <ul className="patrol-list" data-testid="meeting-invitations">
            {l.items.map((m) => (
              <li key={m.id} className="meeting-item">
                <div>
                  <b>{m.topic}</b> · {m.unitName ?? m.unit} · {m.date}
                </div>
                {m.signed.includes(me) ? (
                  <span className="tag tag--completed">
                    {t('meeting.signedAt', { at: formatDateTime(m.signedAt[me]) })}
                  </span>
                ) : m.date === today() ? (
                  <button
                    type="button"
                    className="btn btn--primary btn--small"
                    onClick={() => void signIn(m)}
                    data-testid="meeting-sign-in"
                  >
                    {t('meeting.signIn')}
                  </button>
                ) : (
                  <span className="muted">{t('meeting.notToday')}</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </Async>
    </section>
  );
}

function RecordForm({ onSaved }: { onSaved: () => void }) {
  const { t } = useI18n();
  const user = sessionStore.get()?.user;
  const units = useRequest(() => api.units(), []);
  const heads = useMemo(() => user?.supervises ?? [], [user]);
  const [unit, setUnit] = useState(heads[0] ?? '');
  const [date, setDate] = useState(today);
  const [topic, setTopic] = useState('');
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const candidates = useRequest(async () => (unit ? (await meetingApi.candidates(unit)).items : []), [unit]);
  const names = new Map((units.data ?? []).map((u) => [u.code, u.name]));
  const toggle = (u: string) =>
    setPicked((s) => {
      const next = new Set(s);
      if (next.has(u)) next.delete(u);
      else next.add(u);
      return next;
    });
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await meetingApi.record({ unit, date, topic: topic.trim(), attendees: [...picked] });
      toast('success', t('meeting.recorded'));
      setTopic('');
      setPicked(new Set());
      onSaved();
    } catch (err) {
      setError(describeError(err));
    }
  };
  if (!heads.length) return null;
  return (
    <section className="card">
      <h2>{t('meeting.record')}</h2>
      <form className="meeting-form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span className="field__label">{t('meeting.unit')}</span>
          <select value={unit} onChange={(e) => setUnit(e.target.value)}>
            {heads.map((c) => (
              <option key={c} value={c}>
                {names.get(c) ?? c}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('meeting.date')}</span>
          <input type="date" required value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
        <label className="field">
          <span className="field__label">{t('meeting.topic')}</span>
          <input required value={topic} onChange={(e) => setTopic(e.target.value)} />
        </label>
        <fieldset className="meeting-attendees">
          <legend>{t('meeting.attendees', { n: picked.size })}</legend>
          {(candidates.data ?? []).map((c) => (
            <label key={c.username}>
              <input type="checkbox" checked={picked.has(c.username)} onChange={() => toggle(c.username)} />
              {c.name}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="btn btn--primary" disabled={!picked.size || !topic.trim()}>
          {t('meeting.save')}
        </button>
        {error && (
          <p role="alert" className="field__error">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}

function HeadList({ tick }: { tick: number }) {
  const { t } = useI18n();
  const list = useRequest(() => meetingApi.list({ pageSize: 20 }), [tick]);
  return (
    <section className="card">
      <h2>{t('meeting.list')}</h2>
      <Async state={list} empty={(l) => !l.items.length} emptyTitle={t('meeting.none')}>
        {(l) => (
          <ul className="patrol-list" data-testid="meeting-list">
            {l.items.map((m) => (
              <li key={m.id}>
                <div>
                  <b>{m.topic}</b> · {m.unitName ?? m.unit} · {m.date}
                </div>
                <div className="muted">
                  {t('meeting.attendance', { signed: m.signed.length, invited: m.invited.length })}
                  {m.signed.length > 0 && ` · ${m.signed.join('、')}`}
                </div>
              </li>
            ))}
          </ul>
        )}
      </Async>
    </section>
  );
}
