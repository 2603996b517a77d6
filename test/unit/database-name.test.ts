import { databaseNameIn } from '../../src/storage/database';

describe('the database a MONGODB_URI names', () => {
  it('is the path of the URI, whatever the hosts, credentials and options', () => {
    expect(databaseNameIn('mongodb://host:27017/surveys_2026')).toBe('surveys_2026');
    expect(databaseNameIn('mongodb://user:p%40ss@a:1,b:2/study?replicaSet=rs0')).toBe('study');
    expect(databaseNameIn('mongodb+srv://user:pw@cluster0.example.net/panel?retryWrites=true')).toBe('panel');
  });

  it('is none when the URI names none, so that likert uses "likert"', () => {
    expect(databaseNameIn('mongodb://host:27017')).toBeUndefined();
    expect(databaseNameIn('mongodb://host:27017/')).toBeUndefined();
    expect(databaseNameIn('mongodb://127.0.0.1:27017/?directConnection=true')).toBeUndefined();
    expect(databaseNameIn('mongodb+srv://cluster0.example.net/?retryWrites=true')).toBeUndefined();
  });
});
