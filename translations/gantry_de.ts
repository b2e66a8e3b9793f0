<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ApiResult</name>
    <message>
        <source>control plane unreachable at %1: %2</source>
        <translation>Steuerungsebene unter %1 nicht erreichbar: %2</translation>
    </message>
    <message>
        <source>%1 (HTTP %2, %3)</source>
        <translation>%1 (HTTP %2, %3)</translation>
    </message>
    <message>
        <source>HTTP %1 from %2</source>
        <translation>HTTP %1 von %2</translation>
    </message>
</context>
<context>
    <name>GantryOptions</name>
    <message>
        <source>Gantry: the management console of a self-hosted CI installation.</source>
        <translation>Gantry: die Verwaltungskonsole einer selbst betriebenen CI-Installation.</translation>
    </message>
    <message>
        <source>Data dir of the embedded control plane (default %1).</source>
        <translation>Datenverzeichnis der eingebetteten Steuerungsebene (Standard: %1).</translation>
    </message>
    <message>
        <source>Connect to a remote gantryd instead of starting one.</source>
        <translation>Mit einem entfernten gantryd verbinden, statt einen zu starten.</translation>
    </message>
    <message>
        <source>Language of the console: en, de, ja.</source>
        <translation>Sprache der Konsole: en, de, ja.</translation>
    </message>
    <message>
        <source>The gantryd program to start (default: next to gantry).</source>
        <translation>Das zu startende gantryd-Programm (Standard: neben gantry).</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Diese Hilfe anzeigen.</translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation>Die Version anzeigen.</translation>
    </message>
</context>
<context>
    <name>gantry::ConnectionMonitor</name>
    <message>
        <source>the token was rejected</source>
        <translation>das Token wurde abgelehnt</translation>
    </message>
</context>
<context>
    <name>gantry::ConnectionStatus</name>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbinde mit %1…</translation>
    </message>
    <message>
        <source>Connected to %1 (embedded)</source>
        <translation>Verbunden mit %1 (eingebettet)</translation>
    </message>
    <message>
        <source>Connected to %1 (attached)</source>
        <translation>Verbunden mit %1 (angehängt)</translation>
    </message>
    <message>
        <source>Connected to %1 (remote)</source>
        <translation>Verbunden mit %1 (entfernt)</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Getrennt</translation>
    </message>
    <message numerus="yes">
        <source>Disconnected, retrying in %n s</source>
        <translation>
            <numerusform>Getrennt, neuer Versuch in %n s</numerusform>
            <numerusform>Getrennt, neuer Versuch in %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>Disconnected, retrying now</source>
        <translation>Getrennt, neuer Versuch läuft</translation>
    </message>
</context>
<context>
    <name>gantry::ConsoleSession</name>
    <message>
        <source>Secrets key: key file in the data dir</source>
        <translation>Geheimnisschlüssel: Schlüsseldatei im Datenverzeichnis</translation>
    </message>
    <message>
        <source>Secrets key: OS keychain</source>
        <translation>Geheimnisschlüssel: Schlüsselbund des Systems</translation>
    </message>
    <message>
        <source>Secrets key: key file (no keychain)</source>
        <translation>Geheimnisschlüssel: Schlüsseldatei (kein Schlüsselbund)</translation>
    </message>
    <message>
        <source>No keychain</source>
        <translation>Kein Schlüsselbund</translation>
    </message>
    <message>
        <source>No OS keychain answered (%1). The key that encrypts stored secrets is kept in a key file readable only by you (mode 0600) in %2 instead.</source>
        <translation>Kein Schlüsselbund des Systems hat geantwortet (%1). Der Schlüssel, der gespeicherte Geheimnisse verschlüsselt, liegt stattdessen in einer nur für Sie lesbaren Schlüsseldatei (Modus 0600) in %2.</translation>
    </message>
    <message>
        <source>Token for %1</source>
        <translation>Token für %1</translation>
    </message>
    <message>
        <source>API token of the gantryd at %1:</source>
        <translation>API-Token des gantryd unter %1:</translation>
    </message>
    <message>
        <source>Token not stored</source>
        <translation>Token nicht gespeichert</translation>
    </message>
    <message>
        <source>No OS keychain answered (%1), so the token is kept in memory for this session only and never written to disk. Gantry will ask for it again next time.</source>
        <translation>Kein Schlüsselbund des Systems hat geantwortet (%1). Das Token bleibt daher nur für diese Sitzung im Speicher und wird nie auf die Platte geschrieben. Gantry fragt beim nächsten Mal erneut danach.</translation>
    </message>
    <message>
        <source>Remote control plane</source>
        <translation>Entfernte Steuerungsebene</translation>
    </message>
    <message>
        <source>No token is stored for this address yet.</source>
        <translation>Für diese Adresse ist noch kein Token gespeichert.</translation>
    </message>
    <message>
        <source>The OS keychain is not available: %1</source>
        <translation>Der Schlüsselbund des Systems ist nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>no token given</source>
        <translation>kein Token angegeben</translation>
    </message>
    <message>
        <source>gantryd rejected the token.</source>
        <translation>gantryd hat das Token abgelehnt.</translation>
    </message>
</context>
<context>
    <name>gantry::EmbeddedDaemon</name>
    <message>
        <source>%1 is missing or not executable</source>
        <translation>%1 fehlt oder ist nicht ausführbar</translation>
    </message>
    <message>
        <source>cannot start %1: %2</source>
        <translation>%1 kann nicht gestartet werden: %2</translation>
    </message>
    <message>
        <source>gantryd stopped unexpectedly (signal or crash)</source>
        <translation>gantryd wurde unerwartet beendet (Signal oder Absturz)</translation>
    </message>
    <message>
        <source>gantryd exited with code %1</source>
        <translation>gantryd wurde mit Code %1 beendet</translation>
    </message>
    <message>
        <source>gantryd stopped answering</source>
        <translation>gantryd antwortet nicht mehr</translation>
    </message>
</context>
<context>
    <name>gantry::MainWindow</name>
    <message>
        <source>Gantry</source>
        <translation>Gantry</translation>
    </message>
    <message>
        <source>Navigation</source>
        <translation>Navigation</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
</context>
<context>
    <name>gantry::NavigationModel</name>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>TLS / HTTPS</source>
        <translation>TLS / HTTPS</translation>
    </message>
    <message>
        <source>LDAP</source>
        <translation>LDAP</translation>
    </message>
    <message>
        <source>VM provider</source>
        <translation>VM-Anbieter</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>Metriken</translation>
    </message>
    <message>
        <source>HTTP proxy</source>
        <translation>HTTP-Proxy</translation>
    </message>
    <message>
        <source>Usage statistics</source>
        <translation>Nutzungsstatistik</translation>
    </message>
    <message>
        <source>Artifacts</source>
        <translation>Artefakte</translation>
    </message>
    <message>
        <source>Customizations</source>
        <translation>Anpassungen</translation>
    </message>
    <message>
        <source>GitHub</source>
        <translation>GitHub</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>License</source>
        <translation>Lizenz</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Seiten</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Queued and running jobs, nodes and queue times, live, with a diagnosis of why builds queue. Coming with the live fleet.</source>
        <translation>Wartende und laufende Jobs, Knoten und Wartezeiten, live, mit einer Diagnose, warum Builds warten. Kommt mit der Live-Flotte.</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Build nodes with drain, eligibility, status and running allocations. Coming with the live fleet.</source>
        <translation>Build-Knoten mit Drain, Zulassung, Status und laufenden Allokationen. Kommt mit der Live-Flotte.</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Jobs</translation>
    </message>
    <message>
        <source>Queued, running and finished jobs with their allocations and logs. Coming with the live fleet.</source>
        <translation>Wartende, laufende und beendete Jobs mit ihren Allokationen und Logs. Kommt mit der Live-Flotte.</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Audit-Log</translation>
    </message>
    <message>
        <source>Every admin action and job event, searchable, with CSV export. Coming with the audit log.</source>
        <translation>Jede Administratoraktion und jedes Job-Ereignis, durchsuchbar, mit CSV-Export. Kommt mit dem Audit-Log.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Every setting of the installation, validated, versioned and rendered. Choose a group on the left.</source>
        <translation>Alle Einstellungen der Installation, geprüft, versioniert und ausgegeben. Wählen Sie links eine Gruppe.</translation>
    </message>
    <message>
        <source>The %1 settings: coming with the settings pages.</source>
        <translation>Die Einstellungen „%1“: kommen mit den Einstellungsseiten.</translation>
    </message>
    <message>
        <source>Operations</source>
        <translation>Betrieb</translation>
    </message>
    <message>
        <source>Backup and restore, support bundle and health checks. Coming with operations.</source>
        <translation>Sicherung und Wiederherstellung, Support-Paket und Zustandsprüfungen. Kommt mit dem Betrieb.</translation>
    </message>
</context>
</TS>
