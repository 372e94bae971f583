// The client's people directory (PeopleDirectory, UnlistedPeopleProxy) against a real
// server, under QAbstractItemModelTester: typing is debounced into one search, an answer
// to a query typed past is dropped, pages follow on fetchMore, a newcomer is found at
// once, and people with a direct conversation already listed are left out of the
// unlisted view.
#include <client/people/peopledirectory.h>
#include <client/people/unlistedpeopleproxy.h>
#include <support/clientworldtest.h>

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace chat;
using namespace chat::test;

class TestPeopleDirectory : public ClientWorldTest
{
    Q_OBJECT

private:
    static QStringList names(const QAbstractItemModel *model)
    {
        QStringList result;
        for (int row = 0; row < model->rowCount(); ++row)
            result.append(model->index(row, 0).data(Qt::DisplayRole).toString());
        return result;
    }

    //! alice signed in on one instance, with testers on the directory and the proxy.
    Instance *startAlice()
    {
        startWithUsers();
        Instance *alice = QTest::currentTestFailed() ? nullptr : addSignedIn(u"A"_s, m_alice);
        if (!alice)
            return nullptr;
        for (QAbstractItemModel *model : std::initializer_list<QAbstractItemModel *> {
                 alice->client->people(), alice->client->unlistedPeople() }) {
            alice->testers.push_back(std::make_unique<QAbstractItemModelTester>(
                model, QAbstractItemModelTester::FailureReportingMode::QtTest));
        }
        return alice;
    }

private Q_SLOTS:
    void typingIsOneSearchForWhatTheFieldSays()
    {
        Instance *alice = startAlice();
        QVERIFY(alice);
        client::PeopleDirectory *people = alice->client->people();
        people->setDebounce(50ms);
        QSignalSpy finished(people, &client::PeopleDirectory::searchFinished);
        QSignalSpy searching(people, &client::PeopleDirectory::searchingChanged);

        // Three keystrokes inside the debounce: one request, for the last text.
        people->setQuery(u"c"_s);
        people->setQuery(u"ca"_s);
        people->setQuery(u"car"_s);
        QVERIFY(finished.wait(Timeout));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).toString(), u"car"_s);
        QCOMPARE(names(people), QStringList { u"carol"_s });
        QCOMPARE(searching.size(), 2); // one request: on, then off
        QVERIFY(!people->isSearching());
        QCOMPARE(people->rowOfUser(m_carol.user.id), 0);
        QCOMPARE(people->rowOfUser(m_bob.user.id), -1);

        // Case and accents do not matter; the same query again asks nothing.
        people->setQuery(u"  CÁR "_s);
        QVERIFY(finished.wait(Timeout));
        QCOMPARE(names(people), QStringList { u"carol"_s });
        people->setQuery(u"CÁR"_s);
        QVERIFY(!finished.wait(200));
        QCOMPARE(finished.size(), 2);
    }

    void anAnswerToAnOlderQueryIsDropped()
    {
        Instance *alice = startAlice();
        QVERIFY(alice);
        client::PeopleDirectory *people = alice->client->people();
        QSignalSpy finished(people, &client::PeopleDirectory::searchFinished);

        // Two searches on the wire at once; the first answer arrives first (one socket,
        // in order) and must not show, whatever it held.
        people->setQuery(u"b"_s);
        people->searchNow();
        people->setQuery(u"car"_s);
        people->searchNow();
        QVERIFY(finished.wait(Timeout));
        QTRY_VERIFY_WITH_TIMEOUT(!people->isSearching(), Timeout);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).toString(), u"car"_s);
        QCOMPARE(names(people), QStringList { u"carol"_s });
    }

    void pagesFollowOnFetchMore()
    {
        Instance *alice = startAlice();
        QVERIFY(alice);
        QStringList many;
        for (int i = 0; i < 2 * client::PeopleDirectory::PageSize + 5; ++i)
            many.append(u"member%1"_s.arg(i, 2, 10, QLatin1Char('0')));
        QCOMPARE(m_fixture.signUp(many).size(), many.size());

        client::PeopleDirectory *people = alice->client->people();
        QSignalSpy finished(people, &client::PeopleDirectory::searchFinished);
        people->setQuery(u"member"_s);
        people->searchNow();
        QVERIFY(finished.wait(Timeout));
        QVERIFY(people->rowCount() >= client::PeopleDirectory::PageSize);
        // Scroll on as a view does (QAbstractItemModelTester also calls fetchMore() after
        // every reset): one page on its way at a time, until the last.
        int pages = 1;
        while (people->rowCount() < many.size() && pages <= 5) {
            QTRY_VERIFY_WITH_TIMEOUT(!people->isSearching(), Timeout);
            if (!people->canFetchMore({}))
                break;
            people->fetchMore({});
            ++pages;
            QVERIFY(people->isSearching());
            QVERIFY(!people->canFetchMore({}));
        }
        QTRY_VERIFY_WITH_TIMEOUT(!people->isSearching(), Timeout);
        QVERIFY(!people->canFetchMore({}));
        QCOMPARE(names(people), many); // in order, none twice, none missing
        QCOMPARE(finished.size(), 1); // next pages are no new search
    }

    void aNewcomerIsFoundAtOnce()
    {
        Instance *alice = startAlice();
        QVERIFY(alice);
        client::PeopleDirectory *people = alice->client->people();
        QSignalSpy finished(people, &client::PeopleDirectory::searchFinished);
        people->searchNow(); // everyone
        QVERIFY(finished.wait(Timeout));
        QCOMPARE(names(people), (QStringList { u"bob"_s, u"carol"_s }));

        QCOMPARE(m_fixture.signUp({ u"dave"_s }).size(), 1);
        people->searchNow();
        QVERIFY(finished.wait(Timeout));
        QCOMPARE(names(people), (QStringList { u"bob"_s, u"carol"_s, u"dave"_s }));
    }

    void unlistedLeavesOutPeopleWithAConversation()
    {
        Instance *alice = startAlice();
        QVERIFY(alice);
        client::PeopleDirectory *people = alice->client->people();
        QSignalSpy finished(people, &client::PeopleDirectory::searchFinished);
        people->searchNow();
        QVERIFY(finished.wait(Timeout));
        QCOMPARE(names(alice->client->unlistedPeople()), (QStringList { u"bob"_s, u"carol"_s }));

        // Bob writes to alice: their conversation is listed, so he leaves the people list.
        Instance *bob = addSignedIn(u"B"_s, m_bob);
        QVERIFY(bob);
        open(*bob, m_alice.user.id);
        sendAndAwait(*bob, u"hi"_s);
        QTRY_VERIFY_WITH_TIMEOUT(alice->conversations()->rowOfPeer(m_bob.user.id) >= 0, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(
            names(alice->client->unlistedPeople()), QStringList { u"carol"_s }, Timeout);
        QCOMPARE(people->rowCount(), 2); // the directory itself is unchanged
    }

    void signingOutEmptiesTheDirectory()
    {
        Instance *alice = startAlice();
        QVERIFY(alice);
        client::PeopleDirectory *people = alice->client->people();
        QSignalSpy finished(people, &client::PeopleDirectory::searchFinished);
        people->setQuery(u"bo"_s);
        people->searchNow();
        QVERIFY(finished.wait(Timeout));
        QCOMPARE(people->rowCount(), 1);
        alice->session->signOut();
        QTRY_COMPARE_WITH_TIMEOUT(people->rowCount(), 0, Timeout);
        QVERIFY(people->query().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPeopleDirectory)
#include "tst_peopledirectory.moc"
