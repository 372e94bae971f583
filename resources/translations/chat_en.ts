<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- English plural forms. The source strings are English already; this file gives the
     strings that count something ("%n member(s)") their singular and plural, as Qt's
     "Handling Plurals" guide recommends. Add a string here when you write tr() with %n. -->
<TS version="2.1" language="en">
<context>
    <name>chat::ui::ConversationView</name>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n member</numerusform>
            <numerusform>%n members</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1, %2 and %n other(s) are typing…</source>
        <translation>
            <numerusform>%1, %2 and %n other are typing…</numerusform>
            <numerusform>%1, %2 and %n others are typing…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>chat::ui::HostingStatus</name>
    <message numerus="yes">
        <source>%n other client(s) connected to the server this window hosts.</source>
        <translation>
            <numerusform>%n other client is connected to the server this window hosts.</numerusform>
            <numerusform>%n other clients are connected to the server this window hosts.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>chat::ui::MemberPanel</name>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n member</numerusform>
            <numerusform>%n members</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>chat::ui::JumpToBottomButton</name>
    <message numerus="yes">
        <source>%n new message(s)</source>
        <translation>
            <numerusform>%n new message</numerusform>
            <numerusform>%n new messages</numerusform>
        </translation>
    </message>
</context>
</TS>
