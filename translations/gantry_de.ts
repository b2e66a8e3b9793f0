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
    <name>AuditFilter</name>
    <message>
        <source>All time</source>
        <translation>Gesamter Zeitraum</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation>Benutzerdefinierter Zeitraum</translation>
    </message>
    <message>
        <source>Action &quot;%1&quot; is not an action: expected lowercase words separated by dots (user.create) or a prefix ending in * (workflow.job.*).</source>
        <translation>Aktion „%1“ ist keine Aktion: erwartet werden durch Punkte getrennte Wörter in Kleinbuchstaben (user.create) oder ein Präfix, das auf * endet (workflow.job.*).</translation>
    </message>
    <message>
        <source>Search text &quot;%1&quot; has no letters or digits to search for.</source>
        <translation>Suchtext „%1“ enthält keine Buchstaben oder Ziffern, nach denen gesucht werden kann.</translation>
    </message>
    <message>
        <source>The range ends (%1) before it starts (%2).</source>
        <translation>Der Zeitraum endet (%1), bevor er beginnt (%2).</translation>
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
    <message>
        <source>Have the embedded control plane run sample workflows, so that the fleet pages have something to show.</source>
        <translation>Die eingebettete Steuerungsebene Beispiel-Workflows ausführen lassen, damit die Flottenseiten etwas anzeigen können.</translation>
    </message>
    <message>
        <source>The embedded local fleet, e.g. local:3x8cpu,16g.</source>
        <translation>Die eingebettete lokale Flotte, z. B. local:3x8cpu,16g.</translation>
    </message>
</context>
<context>
    <name>SettingsSchema</name>
    <message>
        <source>(not set)</source>
        <translation>(nicht gesetzt)</translation>
    </message>
    <message>
        <source>on</source>
        <translation>ein</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message numerus="yes">
        <source>PEM, %n block(s)</source>
        <translation>
            <numerusform>PEM, %n Block</numerusform>
            <numerusform>PEM, %n Blöcke</numerusform>
        </translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(leer)</translation>
    </message>
    <message>
        <source>389 for plain and StartTLS, 636 for LDAPS.</source>
        <translation>389 für unverschlüsselt und StartTLS, 636 für LDAPS.</translation>
    </message>
    <message>
        <source>AMI used for machine executor and remote Docker VMs instead of the default.</source>
        <translation>AMI, das statt des Standard-AMI für Machine-Executor- und Remote-Docker-VMs verwendet wird.</translation>
    </message>
    <message>
        <source>AWS CloudWatch namespace</source>
        <translation>AWS-CloudWatch-Namespace</translation>
    </message>
    <message>
        <source>AWS CloudWatch region</source>
        <translation>AWS-CloudWatch-Region</translation>
    </message>
    <message>
        <source>AWS EC2</source>
        <translation>AWS EC2</translation>
    </message>
    <message>
        <source>AWS EC2 provisions machines on demand with your EC2 credentials.</source>
        <translation>AWS EC2 stellt Maschinen bei Bedarf mit Ihren EC2-Zugangsdaten bereit.</translation>
    </message>
    <message>
        <source>AWS EC2 security group assigned to all VMs; should be in the region above.</source>
        <translation>AWS-EC2-Sicherheitsgruppe, die allen VMs zugewiesen wird; sollte in der obigen Region liegen.</translation>
    </message>
    <message>
        <source>AWS EC2 subnet ID used for VM creation; should be in the region above.</source>
        <translation>AWS-EC2-Subnetz-ID für das Erstellen von VMs; sollte in der obigen Region liegen.</translation>
    </message>
    <message>
        <source>AWS access key ID</source>
        <translation>AWS-Zugriffsschlüssel-ID</translation>
    </message>
    <message>
        <source>AWS authentication</source>
        <translation>AWS-Authentifizierung</translation>
    </message>
    <message>
        <source>AWS instance type</source>
        <translation>AWS-Instanztyp</translation>
    </message>
    <message>
        <source>AWS region</source>
        <translation>AWS-Region</translation>
    </message>
    <message>
        <source>AWS region the VMs are created in, e.g. us-west-2.</source>
        <translation>AWS-Region, in der die VMs erstellt werden, z. B. us-west-2.</translation>
    </message>
    <message>
        <source>AWS secret access key</source>
        <translation>Geheimer AWS-Zugriffsschlüssel</translation>
    </message>
    <message>
        <source>Access key ID of the IAM user.</source>
        <translation>Zugriffsschlüssel-ID des IAM-Benutzers.</translation>
    </message>
    <message>
        <source>Active Directory</source>
        <translation>Active Directory</translation>
    </message>
    <message>
        <source>Add Telegraf output plugins of your own, in addition to or instead of the above.</source>
        <translation>Eigene Telegraf-Ausgabe-Plugins hinzufügen, zusätzlich zu den obigen oder an ihrer Stelle.</translation>
    </message>
    <message>
        <source>Aggregate usage statistics sent to CircleCI.</source>
        <translation>Aggregierte Nutzungsstatistiken, die an CircleCI gesendet werden.</translation>
    </message>
    <message>
        <source>All users must then log in with their LDAP credentials.</source>
        <translation>Alle Benutzer müssen sich dann mit ihren LDAP-Zugangsdaten anmelden.</translation>
    </message>
    <message>
        <source>Artifacts</source>
        <translation>Artefakte</translation>
    </message>
    <message>
        <source>Attribute listing the member DNs of a group (uniqueMember for OpenLDAP, member for AD).</source>
        <translation>Attribut, das die Mitglieds-DNs einer Gruppe auflistet (uniqueMember für OpenLDAP, member für AD).</translation>
    </message>
    <message>
        <source>Automated provisioning of virtual machines for Remote Docker and the machine executor.</source>
        <translation>Automatische Bereitstellung virtueller Maschinen für Remote Docker und den Machine Executor.</translation>
    </message>
    <message>
        <source>Automatically send some usage statistics to CircleCI</source>
        <translation>Einige Nutzungsstatistiken automatisch an CircleCI senden</translation>
    </message>
    <message>
        <source>Certificates for HTTPS on the Services machine.</source>
        <translation>Zertifikate für HTTPS auf der Services-Maschine.</translation>
    </message>
    <message>
        <source>CircleCI URL</source>
        <translation>CircleCI-URL</translation>
    </message>
    <message>
        <source>Client ID of the OAuth application registered in GitHub.</source>
        <translation>Client-ID der in GitHub registrierten OAuth-Anwendung.</translation>
    </message>
    <message>
        <source>Client secret of the OAuth application.</source>
        <translation>Client-Secret der OAuth-Anwendung.</translation>
    </message>
    <message>
        <source>CloudWatch authentication</source>
        <translation>CloudWatch-Authentifizierung</translation>
    </message>
    <message>
        <source>CloudWatch namespace of the metrics, e.g. ci_metrics.</source>
        <translation>CloudWatch-Namespace der Metriken, z. B. ci_metrics.</translation>
    </message>
    <message>
        <source>Custom Telegraf outputs</source>
        <translation>Eigene Telegraf-Ausgaben</translation>
    </message>
    <message>
        <source>Custom VM AMI</source>
        <translation>Eigenes VM-AMI</translation>
    </message>
    <message>
        <source>Custom root CAs</source>
        <translation>Eigene Root-CAs</translation>
    </message>
    <message>
        <source>Customizations</source>
        <translation>Anpassungen</translation>
    </message>
    <message>
        <source>DN of the LDAP admin user, in the form cn=&lt;admin&gt;,dc=&lt;example&gt;,dc=&lt;org&gt;.</source>
        <translation>DN des LDAP-Admin-Benutzers, in der Form cn=&lt;admin&gt;,dc=&lt;example&gt;,dc=&lt;org&gt;.</translation>
    </message>
    <message>
        <source>Datadog API key</source>
        <translation>Datadog-API-Schlüssel</translation>
    </message>
    <message>
        <source>Domain name or IP address of the Services machine, e.g. circleci.example.com.</source>
        <translation>Domainname oder IP-Adresse der Services-Maschine, z. B. circleci.example.com.</translation>
    </message>
    <message>
        <source>EC2 security group ID</source>
        <translation>EC2-Sicherheitsgruppen-ID</translation>
    </message>
    <message>
        <source>EC2 subnet ID</source>
        <translation>EC2-Subnetz-ID</translation>
    </message>
    <message>
        <source>Enable LDAP authentication</source>
        <translation>LDAP-Authentifizierung aktivieren</translation>
    </message>
    <message>
        <source>Enable metrics forwarding to AWS CloudWatch.</source>
        <translation>Weiterleitung der Metriken an AWS CloudWatch aktivieren.</translation>
    </message>
    <message>
        <source>Enable metrics forwarding to Datadog.</source>
        <translation>Weiterleitung der Metriken an Datadog aktivieren.</translation>
    </message>
    <message>
        <source>Encryption</source>
        <translation>Verschlüsselung</translation>
    </message>
    <message>
        <source>Extra environment variables</source>
        <translation>Zusätzliche Umgebungsvariablen</translation>
    </message>
    <message>
        <source>Forward system and Docker metrics through Telegraf to CloudWatch, Datadog or any output.</source>
        <translation>System- und Docker-Metriken über Telegraf an CloudWatch, Datadog oder eine beliebige Ausgabe weiterleiten.</translation>
    </message>
    <message>
        <source>Forward to AWS CloudWatch</source>
        <translation>An AWS CloudWatch weiterleiten</translation>
    </message>
    <message>
        <source>Forward to Datadog</source>
        <translation>An Datadog weiterleiten</translation>
    </message>
    <message>
        <source>Frontend JVM heap size</source>
        <translation>JVM-Heap-Größe des Frontends</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>GitHub</source>
        <translation>GitHub</translation>
    </message>
    <message>
        <source>GitHub URL</source>
        <translation>GitHub-URL</translation>
    </message>
    <message>
        <source>Global tags</source>
        <translation>Globale Tags</translation>
    </message>
    <message>
        <source>Group membership attribute</source>
        <translation>Attribut für Gruppenmitgliedschaft</translation>
    </message>
    <message>
        <source>Group object class</source>
        <translation>Objektklasse der Gruppe</translation>
    </message>
    <message>
        <source>HTTP proxy</source>
        <translation>HTTP-Proxy</translation>
    </message>
    <message>
        <source>HTTPS only</source>
        <translation>Nur HTTPS</translation>
    </message>
    <message>
        <source>HTTPS proxy</source>
        <translation>HTTPS-Proxy</translation>
    </message>
    <message>
        <source>Heap of the frontend container, e.g. 4g; preferred over the global value.</source>
        <translation>Heap des Frontend-Containers, z. B. 4g; hat Vorrang vor dem globalen Wert.</translation>
    </message>
    <message>
        <source>Heap of the test_results container, e.g. 2048m; preferred over the global value.</source>
        <translation>Heap des Containers test_results, z. B. 2048m; hat Vorrang vor dem globalen Wert.</translation>
    </message>
    <message>
        <source>Host name or IP address of the LDAP server.</source>
        <translation>Hostname oder IP-Adresse des LDAP-Servers.</translation>
    </message>
    <message>
        <source>Hostname</source>
        <translation>Hostname</translation>
    </message>
    <message>
        <source>Hosts, domains (.example.com) and networks (10.0.0.0/8) reached directly, e.g. the Services machine and s3.amazonaws.com. 127.0.0.1, localhost, the host name, the GitHub host and, on EC2, 169.254.169.254 are always added.</source>
        <translation>Hosts, Domains (.example.com) und Netze (10.0.0.0/8), die direkt erreicht werden, z. B. die Services-Maschine und s3.amazonaws.com. 127.0.0.1, localhost, der Hostname, der GitHub-Host und auf EC2 169.254.169.254 werden immer hinzugefügt.</translation>
    </message>
    <message>
        <source>How build artifacts are served.</source>
        <translation>Wie Build-Artefakte ausgeliefert werden.</translation>
    </message>
    <message>
        <source>I agree to the license agreement</source>
        <translation>Ich stimme der Lizenzvereinbarung zu</translation>
    </message>
    <message>
        <source>IAM instance profile</source>
        <translation>IAM-Instanzprofil</translation>
    </message>
    <message>
        <source>IAM user (key + secret)</source>
        <translation>IAM-Benutzer (Schlüssel + Secret)</translation>
    </message>
    <message>
        <source>In the form &lt;protocol&gt;://&lt;ip-or-host&gt;:&lt;port&gt;, e.g. http://10.0.0.33:3128.</source>
        <translation>In der Form &lt;protocol&gt;://&lt;ip-or-host&gt;:&lt;port&gt;, z. B. http://10.0.0.33:3128.</translation>
    </message>
    <message>
        <source>In the form &lt;protocol&gt;://&lt;ip-or-host&gt;:&lt;port&gt;, e.g. http://10.0.0.33:3128; empty uses the HTTP proxy.</source>
        <translation>In der Form &lt;protocol&gt;://&lt;ip-or-host&gt;:&lt;port&gt;, z. B. http://10.0.0.33:3128; leer bedeutet, dass der HTTP-Proxy verwendet wird.</translation>
    </message>
    <message>
        <source>Instance type the VM service should use, e.g. m5.large.</source>
        <translation>Instanztyp, den der VM-Dienst verwenden soll, z. B. m5.large.</translation>
    </message>
    <message>
        <source>JVM heap size (all containers)</source>
        <translation>JVM-Heap-Größe (alle Container)</translation>
    </message>
    <message>
        <source>JVM_HEAP_SIZE for all containers reading it, e.g. 4g or 4096m.</source>
        <translation>JVM_HEAP_SIZE für alle Container, die den Wert auslesen, z. B. 4g oder 4096m.</translation>
    </message>
    <message>
        <source>LDAP authentication</source>
        <translation>LDAP-Authentifizierung</translation>
    </message>
    <message>
        <source>LDAPS</source>
        <translation>LDAPS</translation>
    </message>
    <message>
        <source>License agreement</source>
        <translation>Lizenzvereinbarung</translation>
    </message>
    <message>
        <source>Metrics forwarding</source>
        <translation>Weiterleitung von Metriken</translation>
    </message>
    <message>
        <source>More export NAME=&quot;value&quot; lines; names match [A-Z_][A-Z0-9_]*.</source>
        <translation>Weitere Zeilen der Form export NAME=&quot;value&quot;; Namen entsprechen [A-Z_][A-Z0-9_]*.</translation>
    </message>
    <message>
        <source>No proxy for</source>
        <translation>Kein Proxy für</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keiner</translation>
    </message>
    <message>
        <source>OAuth client ID</source>
        <translation>OAuth-Client-ID</translation>
    </message>
    <message>
        <source>OAuth client secret</source>
        <translation>OAuth-Client-Secret</translation>
    </message>
    <message>
        <source>On-Host</source>
        <translation>Auf dem Host</translation>
    </message>
    <message>
        <source>Only serve artifacts with safe content types</source>
        <translation>Nur Artefakte mit sicheren Inhaltstypen ausliefern</translation>
    </message>
    <message>
        <source>OpenLDAP</source>
        <translation>OpenLDAP</translation>
    </message>
    <message>
        <source>Opt in to sending weekly account usage and job activity.</source>
        <translation>Dem wöchentlichen Senden von Kontonutzung und Job-Aktivität zustimmen.</translation>
    </message>
    <message>
        <source>Optional DN of the group whose members alone may log in.</source>
        <translation>Optionaler DN der Gruppe, deren Mitglieder sich als einzige anmelden dürfen.</translation>
    </message>
    <message>
        <source>Optional postgresql://user:password@host:5432/dbname; empty keeps the embedded SQLite database.</source>
        <translation>Optional postgresql://user:password@host:5432/dbname; leer behält die eingebettete SQLite-Datenbank bei.</translation>
    </message>
    <message>
        <source>Other artifacts are served as plain text or downloads, never rendered.</source>
        <translation>Andere Artefakte werden als reiner Text oder als Download ausgeliefert, nie gerendert.</translation>
    </message>
    <message>
        <source>Overrides the scheme and host that CircleCI uses (CIRCLE_URL).</source>
        <translation>Überschreibt Schema und Host, die CircleCI verwendet (CIRCLE_URL).</translation>
    </message>
    <message>
        <source>PEM certificate of the host name, followed by its intermediate certificates.</source>
        <translation>PEM-Zertifikat des Hostnamens, gefolgt von seinen Zwischenzertifikaten.</translation>
    </message>
    <message>
        <source>PEM certificates to trust (copied to /usr/local/share/ca-certificates/), e.g. the chain of a GitHub Enterprise instance signed by an internal root CA.</source>
        <translation>PEM-Zertifikate, denen vertraut werden soll (werden nach /usr/local/share/ca-certificates/ kopiert), z. B. die Kette einer GitHub-Enterprise-Instanz, die von einer internen Root-CA signiert ist.</translation>
    </message>
    <message>
        <source>Password of the search user.</source>
        <translation>Passwort des Suchbenutzers.</translation>
    </message>
    <message>
        <source>Plain text (not recommended)</source>
        <translation>Unverschlüsselt (nicht empfohlen)</translation>
    </message>
    <message>
        <source>Plain text is not recommended.</source>
        <translation>Unverschlüsselte Verbindungen werden nicht empfohlen.</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>PostgreSQL URL</source>
        <translation>PostgreSQL-URL</translation>
    </message>
    <message>
        <source>Preallocated Remote Docker VMs</source>
        <translation>Vorab bereitgestellte Remote-Docker-VMs</translation>
    </message>
    <message>
        <source>Preallocated machine executor VMs</source>
        <translation>Vorab bereitgestellte Machine-Executor-VMs</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Proxy for Replicated, the Services machine and the Nomad clients. Must be set before installing on fresh machines.</source>
        <translation>Proxy für Replicated, die Services-Maschine und die Nomad-Clients. Muss vor der Installation auf neuen Maschinen gesetzt sein.</translation>
    </message>
    <message>
        <source>Region of the CloudWatch endpoint, e.g. us-west-2.</source>
        <translation>Region des CloudWatch-Endpunkts, z. B. us-west-2.</translation>
    </message>
    <message>
        <source>Restricted group</source>
        <translation>Eingeschränkte Gruppe</translation>
    </message>
    <message>
        <source>Search password</source>
        <translation>Suchpasswort</translation>
    </message>
    <message>
        <source>Search user</source>
        <translation>Suchbenutzer</translation>
    </message>
    <message>
        <source>Secret access key of the IAM user (40 characters).</source>
        <translation>Geheimer Zugriffsschlüssel des IAM-Benutzers (40 Zeichen).</translation>
    </message>
    <message>
        <source>Selects the defaults of the attribute fields below.</source>
        <translation>Legt die Standardwerte der Attributfelder unten fest.</translation>
    </message>
    <message>
        <source>Serve the application over HTTPS only (plain HTTP is redirected).</source>
        <translation>Die Anwendung nur über HTTPS ausliefern (unverschlüsseltes HTTP wird umgeleitet).</translation>
    </message>
    <message>
        <source>Server type</source>
        <translation>Servertyp</translation>
    </message>
    <message>
        <source>StartTLS</source>
        <translation>StartTLS</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>TLS / HTTPS</source>
        <translation>TLS / HTTPS</translation>
    </message>
    <message>
        <source>TLS certificate chain</source>
        <translation>TLS-Zertifikatskette</translation>
    </message>
    <message>
        <source>TLS private key</source>
        <translation>Privater TLS-Schlüssel</translation>
    </message>
    <message>
        <source>Tags added to every metric, e.g. Env = staging ([global_tags] in Telegraf).</source>
        <translation>Tags, die jeder Metrik hinzugefügt werden, z. B. Env = staging ([global_tags] in Telegraf).</translation>
    </message>
    <message>
        <source>Telegraf TOML, e.g. [[outputs.influxdb]] with url = &quot;http://10.0.0.5:8086&quot;.</source>
        <translation>Telegraf-TOML, z. B. [[outputs.influxdb]] mit url = &quot;http://10.0.0.5:8086&quot;.</translation>
    </message>
    <message>
        <source>Telegraf configuration</source>
        <translation>Telegraf-Konfiguration</translation>
    </message>
    <message>
        <source>Test results JVM heap size</source>
        <translation>JVM-Heap-Größe für Testergebnisse</translation>
    </message>
    <message>
        <source>The GitHub or GitHub Enterprise instance users authenticate with.</source>
        <translation>Die GitHub- oder GitHub-Enterprise-Instanz, über die sich Benutzer authentifizieren.</translation>
    </message>
    <message>
        <source>The host name users reach the installation by.</source>
        <translation>Der Hostname, unter dem Benutzer die Installation erreichen.</translation>
    </message>
    <message>
        <source>The license agreement must be accepted before settings can be applied.</source>
        <translation>Die Lizenzvereinbarung muss akzeptiert werden, bevor Einstellungen angewendet werden können.</translation>
    </message>
    <message>
        <source>Unencrypted PEM private key matching the certificate.</source>
        <translation>Unverschlüsselter privater PEM-Schlüssel, der zum Zertifikat passt.</translation>
    </message>
    <message>
        <source>Unique identifier of a user, e.g. uid, mail or sAMAccountName.</source>
        <translation>Eindeutiger Bezeichner eines Benutzers, z. B. uid, mail oder sAMAccountName.</translation>
    </message>
    <message>
        <source>Usage statistics</source>
        <translation>Nutzungsstatistik</translation>
    </message>
    <message>
        <source>Use the Services machine&apos;s instance profile, or an access key and secret.</source>
        <translation>Das Instanzprofil der Services-Maschine oder einen Zugriffsschlüssel mit Secret verwenden.</translation>
    </message>
    <message>
        <source>User search DN</source>
        <translation>DN für die Benutzersuche</translation>
    </message>
    <message>
        <source>Username attribute</source>
        <translation>Attribut für den Benutzernamen</translation>
    </message>
    <message>
        <source>Users log in with OpenLDAP or Active Directory credentials. Only clean installations may use LDAP.</source>
        <translation>Benutzer melden sich mit OpenLDAP- oder Active-Directory-Zugangsdaten an. Nur neue Installationen dürfen LDAP verwenden.</translation>
    </message>
    <message>
        <source>VM provider</source>
        <translation>VM-Anbieter</translation>
    </message>
    <message>
        <source>VMs kept waiting for Remote Docker jobs; 0 provisions on demand only.</source>
        <translation>VMs, die für Remote-Docker-Jobs bereitgehalten werden; bei 0 wird nur bei Bedarf bereitgestellt.</translation>
    </message>
    <message>
        <source>VMs kept waiting for machine executor jobs; 0 provisions on demand only.</source>
        <translation>VMs, die für Machine-Executor-Jobs bereitgehalten werden; bei 0 wird nur bei Bedarf bereitgestellt.</translation>
    </message>
    <message>
        <source>Values written to /etc/circle-installation-customizations and per-container files.</source>
        <translation>Werte, die in /etc/circle-installation-customizations und in containerspezifische Dateien geschrieben werden.</translation>
    </message>
    <message>
        <source>Where gantryd keeps audit events and job history.</source>
        <translation>Wo gantryd Audit-Ereignisse und den Job-Verlauf speichert.</translation>
    </message>
    <message>
        <source>Where users are searched, in the form ou=&lt;users&gt;,dc=&lt;example&gt;,dc=&lt;org&gt;.</source>
        <translation>Wo nach Benutzern gesucht wird, in der Form ou=&lt;users&gt;,dc=&lt;example&gt;,dc=&lt;org&gt;.</translation>
    </message>
    <message>
        <source>You certify that you have the authority to agree to it on behalf of your organization.</source>
        <translation>Sie bestätigen, dass Sie befugt sind, ihr im Namen Ihrer Organisation zuzustimmen.</translation>
    </message>
    <message>
        <source>Your Datadog API key (32 hexadecimal digits).</source>
        <translation>Ihr Datadog-API-Schlüssel (32 Hexadezimalziffern).</translation>
    </message>
    <message>
        <source>https://github.com or your GitHub Enterprise URL. It cannot change after the first apply: moving the GitHub instance corrupts the installation.</source>
        <translation>https://github.com oder Ihre GitHub-Enterprise-URL. Sie kann nach dem ersten Anwenden nicht mehr geändert werden: Ein Umzug der GitHub-Instanz beschädigt die Installation.</translation>
    </message>
    <message>
        <source>objectClass that marks a DN as a group (groupOfUniqueNames for OpenLDAP, group for AD).</source>
        <translation>objectClass, die einen DN als Gruppe kennzeichnet (groupOfUniqueNames für OpenLDAP, group für AD).</translation>
    </message>
</context>
<context>
    <name>gantry</name>
    <message>
        <source>(no name)</source>
        <translation>(kein Name)</translation>
    </message>
</context>
<context>
    <name>gantry::AllocationLog</name>
    <message>
        <source>No allocation is open.</source>
        <translation>Es ist keine Allokation geöffnet.</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>The connection to gantryd is gone.</source>
        <translation>Die Verbindung zu gantryd ist unterbrochen.</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n byte(s) to %1</source>
        <translation>
            <numerusform>%n Byte in %1 gespeichert</numerusform>
            <numerusform>%n Bytes in %1 gespeichert</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gantry::AuditDetailPane</name>
    <message>
        <source>Cop&amp;y as JSON</source>
        <translation>Als JSON kopie&amp;ren</translation>
    </message>
    <message>
        <source>Audit event details</source>
        <translation>Details des Audit-Ereignisses</translation>
    </message>
    <message>
        <source>Event summary</source>
        <translation>Zusammenfassung des Ereignisses</translation>
    </message>
    <message>
        <source>Event fields as JSON</source>
        <translation>Ereignisfelder als JSON</translation>
    </message>
    <message>
        <source>Copy the event as JSON</source>
        <translation>Das Ereignis als JSON kopieren</translation>
    </message>
    <message>
        <source>Put the whole event, as gantryd returns it, on the clipboard</source>
        <translation>Das ganze Ereignis, wie gantryd es liefert, in die Zwischenablage legen</translation>
    </message>
    <message>
        <source>Select an event to see all its fields.</source>
        <translation>Wählen Sie ein Ereignis, um alle seine Felder zu sehen.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 · %3&lt;br&gt;id %4 · version %5</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2 · %3&lt;br&gt;ID %4 · Version %5</translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation>erfolgreich</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>gantry::AuditExport</name>
    <message>
        <source>An export is already running.</source>
        <translation>Es läuft bereits ein Export.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>gantryd sent no CSV.</source>
        <translation>gantryd hat kein CSV gesendet.</translation>
    </message>
    <message>
        <source>The export ended after %1 of %2 bytes; the file was not written.</source>
        <translation>Der Export endete nach %1 von %2 Bytes; die Datei wurde nicht geschrieben.</translation>
    </message>
    <message>
        <source>The export has %1 rows where gantryd announced %2; the file was not written.</source>
        <translation>Der Export hat %1 Zeilen, gantryd hatte %2 angekündigt; die Datei wurde nicht geschrieben.</translation>
    </message>
</context>
<context>
    <name>gantry::AuditExportDialog</name>
    <message>
        <source>Export audit log</source>
        <translation>Audit-Log exportieren</translation>
    </message>
    <message>
        <source>Export status</source>
        <translation>Exportstatus</translation>
    </message>
    <message>
        <source>Export progress</source>
        <translation>Exportfortschritt</translation>
    </message>
    <message>
        <source>Writing the events of the current filter, oldest first, to %1</source>
        <translation>Die Ereignisse des aktuellen Filters werden, älteste zuerst, nach %1 geschrieben</translation>
    </message>
    <message>
        <source>gantryd is selecting %1…</source>
        <translation>gantryd wählt %1 aus…</translation>
    </message>
    <message>
        <source>%1 of %2 rows written</source>
        <translation>%1 von %2 Zeilen geschrieben</translation>
    </message>
    <message>
        <source>%1 rows written</source>
        <translation>%1 Zeilen geschrieben</translation>
    </message>
    <message>
        <source>Done: %1 rows in %2.</source>
        <translation>Fertig: %1 Zeilen in %2.</translation>
    </message>
    <message>
        <source>Canceled; no file was written.</source>
        <translation>Abgebrochen; es wurde keine Datei geschrieben.</translation>
    </message>
    <message>
        <source>The export failed; no file was written: %1</source>
        <translation>Der Export ist fehlgeschlagen; es wurde keine Datei geschrieben: %1</translation>
    </message>
</context>
<context>
    <name>gantry::AuditFilterBar</name>
    <message>
        <source>user.logged_in, workflow.job.*</source>
        <translation>user.logged_in, workflow.job.*</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>id or name</source>
        <translation>ID oder Name</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Akteur</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>words in names and payloads</source>
        <translation>Wörter in Namen und Nutzdaten</translation>
    </message>
    <message>
        <source>Search text</source>
        <translation>Suchtext</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>An&amp;wenden</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>&amp;Zurücksetzen</translation>
    </message>
    <message>
        <source>Audit log filter</source>
        <translation>Audit-Log-Filter</translation>
    </message>
    <message>
        <source>Time range</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>Bis</translation>
    </message>
    <message>
        <source>Events at or after this local time</source>
        <translation>Ereignisse zu oder nach dieser lokalen Zeit</translation>
    </message>
    <message>
        <source>Events before this local time</source>
        <translation>Ereignisse vor dieser lokalen Zeit</translation>
    </message>
    <message>
        <source>An action, or a prefix ending in * for a family of actions</source>
        <translation>Eine Aktion oder ein Präfix, das auf * endet, für eine Familie von Aktionen</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>Beliebig</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>Success</source>
        <translation>Erfolg</translation>
    </message>
    <message>
        <source>Full-text search; a word ending in * matches as a prefix</source>
        <translation>Volltextsuche; ein Wort, das auf * endet, passt als Präfix</translation>
    </message>
    <message>
        <source>Apply the filter</source>
        <translation>Den Filter anwenden</translation>
    </message>
    <message>
        <source>Clear the filter</source>
        <translation>Den Filter zurücksetzen</translation>
    </message>
    <message>
        <source>Filter problems</source>
        <translation>Probleme mit dem Filter</translation>
    </message>
    <message>
        <source>&amp;Time:</source>
        <translation>Zei&amp;t:</translation>
    </message>
    <message>
        <source>F&amp;rom:</source>
        <translation>&amp;Von:</translation>
    </message>
    <message>
        <source>U&amp;ntil:</source>
        <translation>&amp;Bis:</translation>
    </message>
    <message>
        <source>Su&amp;ccess:</source>
        <translation>&amp;Erfolg:</translation>
    </message>
    <message>
        <source>Act&amp;ion:</source>
        <translation>Akt&amp;ion:</translation>
    </message>
    <message>
        <source>Act&amp;or:</source>
        <translation>A&amp;kteur:</translation>
    </message>
    <message>
        <source>Tar&amp;get:</source>
        <translation>Zie&amp;l:</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>&amp;Suche:</translation>
    </message>
</context>
<context>
    <name>gantry::AuditLogPage</name>
    <message>
        <source>&amp;Jump to time…</source>
        <translation>Zu Zeitpunkt s&amp;pringen…</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>CSV e&amp;xportieren…</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Audit-Log</translation>
    </message>
    <message>
        <source>Audit events</source>
        <translation>Audit-Ereignisse</translation>
    </message>
    <message>
        <source>Number of events</source>
        <translation>Anzahl der Ereignisse</translation>
    </message>
    <message>
        <source>Show new events</source>
        <translation>Neue Ereignisse anzeigen</translation>
    </message>
    <message>
        <source>Jump to time</source>
        <translation>Zu Zeitpunkt springen</translation>
    </message>
    <message>
        <source>Show the events that occurred before a moment</source>
        <translation>Die Ereignisse anzeigen, die vor einem Zeitpunkt eingetreten sind</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>CSV exportieren</translation>
    </message>
    <message>
        <source>Write every event of the current filter to a CSV file</source>
        <translation>Alle Ereignisse des aktuellen Filters in eine CSV-Datei schreiben</translation>
    </message>
    <message>
        <source>Time to jump to</source>
        <translation>Zielzeitpunkt</translation>
    </message>
    <message>
        <source>Show the events that occurred before (local time):</source>
        <translation>Die Ereignisse anzeigen, die eingetreten sind vor (lokale Zeit):</translation>
    </message>
    <message>
        <source>Export audit log as CSV</source>
        <translation>Audit-Log als CSV exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Cannot read the audit log: %1</source>
        <translation>Das Audit-Log kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>1 new event</source>
        <translation>1 neues Ereignis</translation>
    </message>
    <message>
        <source>%1 new events</source>
        <translation>%1 neue Ereignisse</translation>
    </message>
</context>
<context>
    <name>gantry::AuditTableModel</name>
    <message>
        <source>about %1 events</source>
        <translation>etwa %1 Ereignisse</translation>
    </message>
    <message>
        <source>at least %1 events</source>
        <translation>mindestens %1 Ereignisse</translation>
    </message>
    <message>
        <source>1 event</source>
        <translation>1 Ereignis</translation>
    </message>
    <message>
        <source>%1 events</source>
        <translation>%1 Ereignisse</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Occurred at</source>
        <translation>Zeitpunkt</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Akteur</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Success</source>
        <translation>Erfolg</translation>
    </message>
</context>
<context>
    <name>gantry::CertificateText</name>
    <message>
        <source>(expired)</source>
        <translation>(abgelaufen)</translation>
    </message>
    <message>
        <source>(expires within 30 days)</source>
        <translation>(läuft innerhalb von 30 Tagen ab)</translation>
    </message>
    <message>
        <source>Subject: %1
Issuer: %2</source>
        <translation>Inhaber: %1
Aussteller: %2</translation>
    </message>
    <message>
        <source>Names: %1</source>
        <translation>Namen: %1</translation>
    </message>
    <message>
        <source>Expires: %1</source>
        <translation>Läuft ab: %1</translation>
    </message>
    <message>
        <source>%1 · expires %2</source>
        <translation>%1 · gültig bis %2</translation>
    </message>
    <message>
        <source>(+%1 more)</source>
        <translation>(+%1 weitere)</translation>
    </message>
</context>
<context>
    <name>gantry::CheckRunDialog</name>
    <message>
        <source>Check in progress</source>
        <translation>Prüfung läuft</translation>
    </message>
    <message>
        <source>Check steps</source>
        <translation>Prüfschritte</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Ausführen</translation>
    </message>
    <message>
        <source>Cancel check</source>
        <translation>Prüfung abbrechen</translation>
    </message>
    <message>
        <source>✗ The check could not run: %1</source>
        <translation>✗ Die Prüfung konnte nicht ausgeführt werden: %1</translation>
    </message>
    <message>
        <source>Cancelled. gantryd stops the check at its next step.</source>
        <translation>Abgebrochen. gantryd beendet die Prüfung bei ihrem nächsten Schritt.</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Läuft…</translation>
    </message>
    <message>
        <source>%1 %2 (%3 ms)
%4</source>
        <translation>%1 %2 (%3 ms)
%4</translation>
    </message>
    <message>
        <source>%1: %2, %3</source>
        <translation>%1: %2, %3</translation>
    </message>
    <message>
        <source>✓ Passed.</source>
        <translation>✓ Bestanden.</translation>
    </message>
    <message>
        <source>✗ Failed: see the steps marked with a cross.</source>
        <translation>✗ Fehlgeschlagen: siehe die mit einem Kreuz markierten Schritte.</translation>
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
    <message numerus="yes">
        <source>Starting gantryd: %1 (%n s)…</source>
        <translation>
            <numerusform>gantryd startet: %1 (%n s)…</numerusform>
            <numerusform>gantryd startet: %1 (%n s)…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gantry::ConsoleAccess</name>
    <message>
        <source>%1 is a viewer: viewers can look at everything but change nothing. An admin can promote you on the Users page.</source>
        <translation>%1 ist Betrachter: Betrachter können alles ansehen, aber nichts ändern. Ein Admin kann Sie auf der Seite „Benutzer“ hochstufen.</translation>
    </message>
    <message>
        <source>This account</source>
        <translation>Dieses Konto</translation>
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
        <source>Remote control plane</source>
        <translation>Entfernte Steuerungsebene</translation>
    </message>
    <message>
        <source>The OS keychain is not available: %1</source>
        <translation>Der Schlüsselbund des Systems ist nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>the token</source>
        <translation>das Token</translation>
    </message>
    <message>
        <source>the session</source>
        <translation>die Sitzung</translation>
    </message>
    <message>
        <source>Not stored</source>
        <translation>Nicht gespeichert</translation>
    </message>
    <message>
        <source>No OS keychain answered (%1), so %2 is kept in memory for this session only and never written to disk. Gantry will ask again next time.</source>
        <translation>Kein Schlüsselbund des Systems hat geantwortet (%1), daher wird %2 nur für diese Sitzung im Arbeitsspeicher gehalten und nie auf die Festplatte geschrieben. Gantry fragt beim nächsten Mal erneut.</translation>
    </message>
    <message>
        <source>gantryd did not accept the stored token or session; a session ends after a while, and an admin may have revoked the token.</source>
        <translation>gantryd hat das gespeicherte Token bzw. die gespeicherte Sitzung nicht akzeptiert; eine Sitzung endet nach einer Weile, und ein Admin hat das Token möglicherweise widerrufen.</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>&amp;Abmelden</translation>
    </message>
    <message>
        <source>Sign &amp;out %1</source>
        <translation>%1 &amp;abmelden</translation>
    </message>
    <message>
        <source>Signed out.</source>
        <translation>Abgemeldet.</translation>
    </message>
    <message>
        <source>No token or session is stored for this address yet.</source>
        <translation>Für diese Adresse ist noch kein Token und keine Sitzung gespeichert.</translation>
    </message>
    <message>
        <source>not signed in</source>
        <translation>nicht angemeldet</translation>
    </message>
    <message>
        <source>gantryd cannot use its database</source>
        <translation>gantryd kann seine Datenbank nicht verwenden</translation>
    </message>
    <message>
        <source>%1

Start gantryd with the audit log in the data dir for this run, so that you can correct storage.database_url on the Storage page? Audit events of this run stay in the data dir.</source>
        <translation>%1

gantryd für diesen Lauf mit dem Audit-Log im Datenverzeichnis starten, damit Sie storage.database_url auf der Seite „Speicher“ korrigieren können? Audit-Ereignisse dieses Laufs bleiben im Datenverzeichnis.</translation>
    </message>
</context>
<context>
    <name>gantry::DashboardChartView</name>
    <message>
        <source>Running allocations</source>
        <translation>Laufende Allokationen</translation>
    </message>
    <message>
        <source>Jobs pending and running</source>
        <translation>Ausstehende und laufende Jobs</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Laufend</translation>
    </message>
    <message>
        <source>Queue time</source>
        <translation>Wartezeit</translation>
    </message>
    <message>
        <source>Median</source>
        <translation>Median</translation>
    </message>
    <message>
        <source>95th percentile</source>
        <translation>95. Perzentil</translation>
    </message>
    <message>
        <source>%.0f s</source>
        <translation>%.0f s</translation>
    </message>
    <message>
        <source>Allocations per node (busiest)</source>
        <translation>Allokationen pro Knoten (am stärksten ausgelastete)</translation>
    </message>
    <message>
        <source>Chart of jobs pending and running</source>
        <translation>Diagramm der ausstehenden und laufenden Jobs</translation>
    </message>
    <message>
        <source>Chart of queue time, median and 95th percentile</source>
        <translation>Diagramm der Wartezeit, Median und 95. Perzentil</translation>
    </message>
    <message>
        <source>Seconds from submission to start of the jobs that started in the minute before each point (in the bucket, over 24 h)</source>
        <translation>Sekunden von der Übermittlung bis zum Start der Jobs, die in der Minute vor dem jeweiligen Punkt gestartet sind (im Intervall, bei 24 h)</translation>
    </message>
    <message>
        <source>Chart of allocations per node</source>
        <translation>Diagramm der Allokationen pro Knoten</translation>
    </message>
</context>
<context>
    <name>gantry::DashboardModel</name>
    <message>
        <source>15 min</source>
        <translation>15 min</translation>
    </message>
    <message>
        <source>1 h</source>
        <translation>1 h</translation>
    </message>
    <message>
        <source>24 h</source>
        <translation>24 h</translation>
    </message>
</context>
<context>
    <name>gantry::DashboardPage</name>
    <message>
        <source>Dashboard</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Jobs waiting for a node: pending, not on hold for approval and not waiting for a job they require</source>
        <translation>Jobs, die auf einen Knoten warten: ausstehend, nicht zur Genehmigung angehalten und nicht auf einen benötigten Job wartend</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Laufend</translation>
    </message>
    <message>
        <source>Jobs with running allocations</source>
        <translation>Jobs mit laufenden Allokationen</translation>
    </message>
    <message>
        <source>Nodes ready</source>
        <translation>Knoten bereit</translation>
    </message>
    <message>
        <source>Ready, eligible and not draining</source>
        <translation>Bereit, zugelassen und nicht im Drain</translation>
    </message>
    <message>
        <source>Draining</source>
        <translation>Im Drain</translation>
    </message>
    <message>
        <source>Nodes that take no new work</source>
        <translation>Knoten, die keine neue Arbeit annehmen</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Ausgefallen</translation>
    </message>
    <message>
        <source>Nodes down or still initializing</source>
        <translation>Knoten, die ausgefallen sind oder noch initialisiert werden</translation>
    </message>
    <message>
        <source>Median queue time (1 h)</source>
        <translation>Median der Wartezeit (1 h)</translation>
    </message>
    <message>
        <source>Of the jobs that started in the last hour</source>
        <translation>Der Jobs, die in der letzten Stunde gestartet sind</translation>
    </message>
    <message>
        <source>Success rate (1 h)</source>
        <translation>Erfolgsquote (1 h)</translation>
    </message>
    <message>
        <source>Of the jobs that finished in the last hour, canceled ones left out</source>
        <translation>Der Jobs, die in der letzten Stunde beendet wurden, ohne abgebrochene</translation>
    </message>
    <message>
        <source>Range:</source>
        <translation>Zeitraum:</translation>
    </message>
    <message>
        <source>Chart range %1</source>
        <translation>Diagrammzeitraum %1</translation>
    </message>
    <message>
        <source>Why are jobs queuing?</source>
        <translation>Warum warten Jobs?</translation>
    </message>
    <message>
        <source>Queue diagnosis</source>
        <translation>Warteschlangendiagnose</translation>
    </message>
    <message>
        <source>Waiting for the fleet…</source>
        <translation>Warte auf die Flotte…</translation>
    </message>
    <message numerus="yes">
        <source>show %n node(s)</source>
        <translation>
            <numerusform>%n Knoten anzeigen</numerusform>
            <numerusform>%n Knoten anzeigen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>show %n job(s)</source>
        <translation>
            <numerusform>%n Job anzeigen</numerusform>
            <numerusform>%n Jobs anzeigen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gantry::DrainDialog</name>
    <message>
        <source>&amp;Deadline:</source>
        <translation>&amp;Frist:</translation>
    </message>
    <message>
        <source>&amp;No deadline: let running allocations finish</source>
        <translation>&amp;Keine Frist: laufende Allokationen zu Ende laufen lassen</translation>
    </message>
    <message>
        <source>&amp;Force: stop running allocations now</source>
        <translation>&amp;Erzwingen: laufende Allokationen sofort stoppen</translation>
    </message>
    <message>
        <source>&amp;Ignore system jobs (they keep running)</source>
        <translation>System-Jobs &amp;ignorieren (sie laufen weiter)</translation>
    </message>
    <message>
        <source>Drain %1</source>
        <translation>%1 leeren</translation>
    </message>
    <message numerus="yes">
        <source>Drain %n node(s)</source>
        <translation>
            <numerusform>%n Knoten leeren</numerusform>
            <numerusform>%n Knoten leeren</numerusform>
        </translation>
    </message>
    <message>
        <source>A draining node takes no new allocations. Nodes: %1.</source>
        <translation>Ein Knoten im Drain nimmt keine neuen Allokationen an. Knoten: %1.</translation>
    </message>
    <message>
        <source>, …</source>
        <translation>, …</translation>
    </message>
    <message>
        <source>Deadline preset</source>
        <translation>Vorgabe für die Frist</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 Stunde</translation>
    </message>
    <message>
        <source>4 hours</source>
        <translation>4 Stunden</translation>
    </message>
    <message>
        <source>8 hours</source>
        <translation>8 Stunden</translation>
    </message>
    <message>
        <source>12 hours</source>
        <translation>12 Stunden</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1 Tag</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>Benutzerdefiniert…</translation>
    </message>
    <message>
        <source>Custom deadline</source>
        <translation>Benutzerdefinierte Frist</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>Minuten</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>Stunden</translation>
    </message>
    <message>
        <source>days</source>
        <translation>Tage</translation>
    </message>
    <message>
        <source>Custom deadline unit</source>
        <translation>Einheit der benutzerdefinierten Frist</translation>
    </message>
    <message>
        <source>Ignore system jobs</source>
        <translation>System-Jobs ignorieren</translation>
    </message>
    <message>
        <source>What will happen</source>
        <translation>Was passieren wird</translation>
    </message>
    <message>
        <source>No allocation runs on these nodes: they are drained at once and take no new work until undrained.</source>
        <translation>Auf diesen Knoten läuft keine Allokation: Sie werden sofort geleert und nehmen keine neue Arbeit an, bis der Drain aufgehoben wird.</translation>
    </message>
    <message numerus="yes">
        <source>%n running allocation(s) will be stopped now and marked lost; their jobs end as lost. The nodes take no new work until undrained.</source>
        <translation>
            <numerusform>%n laufende Allokation wird sofort gestoppt und als verloren markiert; ihr Job endet als verloren. Die Knoten nehmen keine neue Arbeit an, bis der Drain aufgehoben wird.</numerusform>
            <numerusform>%n laufende Allokationen werden sofort gestoppt und als verloren markiert; ihre Jobs enden als verloren. Die Knoten nehmen keine neue Arbeit an, bis der Drain aufgehoben wird.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n running allocation(s) may run to completion, however long that takes; the nodes take no new work meanwhile.</source>
        <translation>
            <numerusform>%n laufende Allokation darf zu Ende laufen, egal wie lange das dauert; die Knoten nehmen währenddessen keine neue Arbeit an.</numerusform>
            <numerusform>%n laufende Allokationen dürfen zu Ende laufen, egal wie lange das dauert; die Knoten nehmen währenddessen keine neue Arbeit an.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n running allocation(s) may finish within %1; any still running at %2 will be stopped and marked lost. The nodes take no new work meanwhile.</source>
        <translation>
            <numerusform>%n laufende Allokation darf innerhalb von %1 zu Ende laufen; läuft sie um %2 noch, wird sie gestoppt und als verloren markiert. Die Knoten nehmen währenddessen keine neue Arbeit an.</numerusform>
            <numerusform>%n laufende Allokationen dürfen innerhalb von %1 zu Ende laufen; alle, die um %2 noch laufen, werden gestoppt und als verloren markiert. Die Knoten nehmen währenddessen keine neue Arbeit an.</numerusform>
        </translation>
    </message>
    <message>
        <source>System jobs are left running on the nodes.</source>
        <translation>System-Jobs laufen auf den Knoten weiter.</translation>
    </message>
    <message numerus="yes">
        <source>Drain and stop %n allocation(s)</source>
        <translation>
            <numerusform>Leeren und %n Allokation stoppen</numerusform>
            <numerusform>Leeren und %n Allokationen stoppen</numerusform>
        </translation>
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
    <name>gantry::FleetActions</name>
    <message numerus="yes">
        <source>%1: done for %n item(s)</source>
        <translation>
            <numerusform>%1: für %n Element erledigt</numerusform>
            <numerusform>%1: für %n Elemente erledigt</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2 of %3 failed — %4</source>
        <translation>%1: %2 von %3 fehlgeschlagen — %4</translation>
    </message>
    <message>
        <source>Drain</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Undrain</source>
        <translation>Drain aufheben</translation>
    </message>
    <message>
        <source>Mark eligible</source>
        <translation>Als zugelassen markieren</translation>
    </message>
    <message>
        <source>Mark ineligible</source>
        <translation>Als nicht zugelassen markieren</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Genehmigen</translation>
    </message>
    <message numerus="yes">
        <source>Pipeline submitted: %n job(s)</source>
        <translation>
            <numerusform>Pipeline übermittelt: %n Job</numerusform>
            <numerusform>Pipeline übermittelt: %n Jobs</numerusform>
        </translation>
    </message>
    <message>
        <source>Pipeline rejected: %1</source>
        <translation>Pipeline abgelehnt: %1</translation>
    </message>
</context>
<context>
    <name>gantry::FleetFeed</name>
    <message>
        <source>Read-only while disconnected from gantryd</source>
        <translation>Schreibgeschützt, solange keine Verbindung zu gantryd besteht</translation>
    </message>
    <message>
        <source>Loading the fleet from gantryd…</source>
        <translation>Flotte wird von gantryd geladen…</translation>
    </message>
    <message>
        <source>Not connected to gantryd yet (attempt %1): %2</source>
        <translation>Noch nicht mit gantryd verbunden (Versuch %1): %2</translation>
    </message>
    <message>
        <source>Disconnected from gantryd: showing the fleet as of %1, read-only. Reconnecting (attempt %2)…</source>
        <translation>Verbindung zu gantryd getrennt: Die Flotte wird mit Stand %1 schreibgeschützt angezeigt. Verbindung wird wiederhergestellt (Versuch %2)…</translation>
    </message>
    <message>
        <source>gantryd&apos;s fleet API did not answer (%1): showing data as of %2, read-only. Retrying…</source>
        <translation>Die Flotten-API von gantryd hat nicht geantwortet (%1): Daten mit Stand %2 werden schreibgeschützt angezeigt. Neuer Versuch…</translation>
    </message>
    <message>
        <source>gantryd&apos;s fleet API did not answer (%1). Retrying…</source>
        <translation>Die Flotten-API von gantryd hat nicht geantwortet (%1). Neuer Versuch…</translation>
    </message>
    <message>
        <source>live, updated %1</source>
        <translation>live, aktualisiert %1</translation>
    </message>
    <message>
        <source>no data yet</source>
        <translation>noch keine Daten</translation>
    </message>
    <message>
        <source>as of %1</source>
        <translation>Stand %1</translation>
    </message>
</context>
<context>
    <name>gantry::FleetFormat</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 d %2 h</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 d</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>%1 GB</source>
        <translation>%1 GB</translation>
    </message>
    <message>
        <source>initializing</source>
        <translation>wird initialisiert</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>bereit</translation>
    </message>
    <message>
        <source>down</source>
        <translation>ausgefallen</translation>
    </message>
    <message>
        <source>eligible</source>
        <translation>zugelassen</translation>
    </message>
    <message>
        <source>ineligible</source>
        <translation>nicht zugelassen</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>running</source>
        <translation>laufend</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>beendet</translation>
    </message>
    <message>
        <source>success</source>
        <translation>erfolgreich</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>canceled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>verloren</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>abgeschlossen</translation>
    </message>
</context>
<context>
    <name>gantry::JobDetailsPane</name>
    <message>
        <source>Job details</source>
        <translation>Job-Details</translation>
    </message>
    <message>
        <source>Job summary</source>
        <translation>Job-Zusammenfassung</translation>
    </message>
    <message>
        <source>Allocations of the job</source>
        <translation>Allokationen des Jobs</translation>
    </message>
    <message>
        <source>Index</source>
        <translation>Index</translation>
    </message>
    <message>
        <source>Allocation</source>
        <translation>Allokation</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Exit code</source>
        <translation>Exit-Code</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Could not read the allocations: %1</source>
        <translation>Die Allokationen konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Select a job to see its allocations and logs.</source>
        <translation>Wählen Sie einen Job, um seine Allokationen und Logs zu sehen.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2) of workflow &lt;b&gt;%3&lt;/b&gt; · %4%5 · resource class %6 × %7</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (%2) aus Workflow &lt;b&gt;%3&lt;/b&gt; · %4%5 · Ressourcenklasse %6 × %7</translation>
    </message>
    <message>
        <source>Submitted %1 · queued %2 · ran %3</source>
        <translation>Übermittelt %1 · gewartet %2 · gelaufen %3</translation>
    </message>
    <message>
        <source>requires %1</source>
        <translation>benötigt %1</translation>
    </message>
    <message>
        <source>(not placed)</source>
        <translation>(nicht platziert)</translation>
    </message>
</context>
<context>
    <name>gantry::JobsModel</name>
    <message>
        <source>All jobs</source>
        <translation>Alle Jobs</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>On hold (approval)</source>
        <translation>Angehalten (Genehmigung)</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Laufend</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>Failed or lost</source>
        <translation>Fehlgeschlagen oder verloren</translation>
    </message>
    <message>
        <source>on hold</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Job</translation>
    </message>
    <message>
        <source>Workflow</source>
        <translation>Workflow</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Resource class</source>
        <translation>Ressourcenklasse</translation>
    </message>
    <message>
        <source>Node(s)</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Übermittelt</translation>
    </message>
    <message>
        <source>Queue time</source>
        <translation>Wartezeit</translation>
    </message>
    <message>
        <source>From submission until the job started; for queued jobs, the wait so far</source>
        <translation>Von der Übermittlung bis zum Start des Jobs; bei wartenden Jobs die bisherige Wartezeit</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
</context>
<context>
    <name>gantry::JobsPage</name>
    <message>
        <source>Job actions</source>
        <translation>Job-Aktionen</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Jobs</translation>
    </message>
    <message>
        <source>Status filter</source>
        <translation>Statusfilter</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>An&amp;zeigen:</translation>
    </message>
    <message>
        <source>&amp;Cancel…</source>
        <translation>&amp;Abbrechen…</translation>
    </message>
    <message>
        <source>&amp;Approve…</source>
        <translation>&amp;Genehmigen…</translation>
    </message>
    <message>
        <source>&amp;Run a pipeline…</source>
        <translation>Pipeline a&amp;usführen…</translation>
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation>Ctrl+K</translation>
    </message>
    <message>
        <source>Ctrl+Shift+A</source>
        <translation>Ctrl+Shift+A</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>Result of the last action</source>
        <translation>Ergebnis der letzten Aktion</translation>
    </message>
    <message>
        <source>Jobs table</source>
        <translation>Job-Tabelle</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Cancel %n job(s)…</source>
        <translation>
            <numerusform>%n Job &amp;abbrechen…</numerusform>
            <numerusform>%n Jobs &amp;abbrechen…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Approve %n job(s)…</source>
        <translation>
            <numerusform>%n Job &amp;genehmigen…</numerusform>
            <numerusform>%n Jobs &amp;genehmigen…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s)</source>
        <translation>
            <numerusform>%n Job</numerusform>
            <numerusform>%n Jobs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n job(s)</source>
        <translation>
            <numerusform>%1 von %n Job</numerusform>
            <numerusform>%1 von %n Jobs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: done for %n job(s).</source>
        <translation>
            <numerusform>%1: für %n Job erledigt.</numerusform>
            <numerusform>%1: für %n Jobs erledigt.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 failed for %2 of %3 job(s): %4</source>
        <translation>%1 für %2 von %3 Jobs fehlgeschlagen: %4</translation>
    </message>
    <message numerus="yes">
        <source>Cancel %n job(s)?</source>
        <translation>
            <numerusform>%n Job abbrechen?</numerusform>
            <numerusform>%n Jobs abbrechen?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The steps of %n running job(s) are stopped now.</source>
        <translation>
            <numerusform>Die Schritte von %n laufenden Job werden sofort gestoppt.</numerusform>
            <numerusform>Die Schritte von %n laufenden Jobs werden sofort gestoppt.</numerusform>
        </translation>
    </message>
    <message>
        <source>None of them has started yet.</source>
        <translation>Keiner davon wurde bisher gestartet.</translation>
    </message>
    <message>
        <source>They end with outcome canceled, and jobs that require them are canceled too.</source>
        <translation>Sie enden mit dem Ergebnis „abgebrochen“, und Jobs, die sie benötigen, werden ebenfalls abgebrochen.</translation>
    </message>
    <message>
        <source>Cancel jobs</source>
        <translation>Jobs abbrechen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Approve %1? The jobs of the workflow that require it are then scheduled.</source>
        <translation>%1 genehmigen? Die Jobs des Workflows, die ihn benötigen, werden dann eingeplant.</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Genehmigen</translation>
    </message>
</context>
<context>
    <name>gantry::LiveTableView</name>
    <message>
        <source>Filter…</source>
        <translation>Filtern…</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Filter</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Spalten</translation>
    </message>
    <message>
        <source>Choose columns and sort order</source>
        <translation>Spalten und Sortierung wählen</translation>
    </message>
    <message>
        <source>Show or hide columns, and sort by a column</source>
        <translation>Spalten ein- oder ausblenden und nach einer Spalte sortieren</translation>
    </message>
    <message>
        <source>Sort by</source>
        <translation>Sortieren nach</translation>
    </message>
    <message>
        <source>Descending</source>
        <translation>Absteigend</translation>
    </message>
</context>
<context>
    <name>gantry::LogViewer</name>
    <message>
        <source>&amp;Follow</source>
        <translation>&amp;Folgen</translation>
    </message>
    <message>
        <source>&amp;Jump to latest</source>
        <translation>Zum &amp;Neuesten springen</translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation>&amp;Speichern…</translation>
    </message>
    <message>
        <source>Allocation log</source>
        <translation>Allokations-Log</translation>
    </message>
    <message>
        <source>stdout</source>
        <translation>stdout</translation>
    </message>
    <message>
        <source>stderr</source>
        <translation>stderr</translation>
    </message>
    <message>
        <source>Log stream</source>
        <translation>Log-Stream</translation>
    </message>
    <message>
        <source>Follow the end of the log</source>
        <translation>Dem Ende des Logs folgen</translation>
    </message>
    <message>
        <source>Stays on while the view is at the bottom; scroll up to read in peace</source>
        <translation>Bleibt aktiv, solange die Ansicht am Ende steht; nach oben scrollen, um in Ruhe zu lesen</translation>
    </message>
    <message>
        <source>Jump to latest</source>
        <translation>Zum Neuesten springen</translation>
    </message>
    <message>
        <source>Search the log…</source>
        <translation>Log durchsuchen…</translation>
    </message>
    <message>
        <source>Search the log</source>
        <translation>Log durchsuchen</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Vorheriger</translation>
    </message>
    <message>
        <source>Previous match</source>
        <translation>Vorheriger Treffer</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Nächster</translation>
    </message>
    <message>
        <source>Next match</source>
        <translation>Nächster Treffer</translation>
    </message>
    <message>
        <source>Save the log to a file</source>
        <translation>Das Log in einer Datei speichern</translation>
    </message>
    <message>
        <source>Log text</source>
        <translation>Log-Text</translation>
    </message>
    <message>
        <source>Log status</source>
        <translation>Log-Status</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Jump to latest (%n new line(s))</source>
        <translation>
            <numerusform>Zum &amp;Neuesten springen (%n neue Zeile)</numerusform>
            <numerusform>Zum &amp;Neuesten springen (%n neue Zeilen)</numerusform>
        </translation>
    </message>
    <message>
        <source>no match</source>
        <translation>kein Treffer</translation>
    </message>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n Treffer</numerusform>
            <numerusform>%n Treffer</numerusform>
        </translation>
    </message>
    <message>
        <source>No allocation selected.</source>
        <translation>Keine Allokation ausgewählt.</translation>
    </message>
    <message numerus="yes">
        <source>Allocation %1, %2: %n line(s)</source>
        <translation>
            <numerusform>Allokation %1, %2: %n Zeile</numerusform>
            <numerusform>Allokation %1, %2: %n Zeilen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>showing the last %n line(s); Save… writes the whole log</source>
        <translation>
            <numerusform>zeigt die letzte %n Zeile; Speichern… schreibt das ganze Log</numerusform>
            <numerusform>zeigt die letzten %n Zeilen; Speichern… schreibt das ganze Log</numerusform>
        </translation>
    </message>
    <message>
        <source>finished</source>
        <translation>beendet</translation>
    </message>
    <message>
        <source>running, following the stream</source>
        <translation>läuft, folgt dem Stream</translation>
    </message>
    <message>
        <source>running, reconnecting…</source>
        <translation>läuft, Verbindung wird wiederhergestellt…</translation>
    </message>
    <message>
        <source>could not read more: %1</source>
        <translation>konnte nicht weiterlesen: %1</translation>
    </message>
    <message>
        <source>Save log</source>
        <translation>Log speichern</translation>
    </message>
    <message>
        <source>Log files (*.log *.txt)</source>
        <translation>Log-Dateien (*.log *.txt)</translation>
    </message>
</context>
<context>
    <name>gantry::LoginDialog</name>
    <message>
        <source>Sign in to %1</source>
        <translation>Bei %1 anmelden</translation>
    </message>
    <message>
        <source>This gantryd uses LDAP: sign in with your directory user name and password.</source>
        <translation>Dieser gantryd verwendet LDAP: Melden Sie sich mit Benutzername und Passwort Ihres Verzeichnisses an.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>Use an API &amp;token instead…</source>
        <translation>Stattdessen ein API-&amp;Token verwenden…</translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation>Geben Sie Ihren Benutzernamen ein.</translation>
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
    <message>
        <source>Every admin action and job event, searchable, with CSV export.</source>
        <translation>Jede Admin-Aktion und jedes Job-Ereignis, durchsuchbar, mit CSV-Export.</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Who may sign in to this gantryd and with which role (admin or viewer). For admins.</source>
        <translation>Wer sich bei diesem gantryd anmelden darf und mit welcher Rolle (Admin oder Betrachter). Für Admins.</translation>
    </message>
</context>
<context>
    <name>gantry::NodesModel</name>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>drained</source>
        <translation>geleert</translation>
    </message>
    <message numerus="yes">
        <source>draining: %n allocation(s) left</source>
        <translation>
            <numerusform>wird geleert: %n Allokation übrig</numerusform>
            <numerusform>wird geleert: %n Allokationen übrig</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (deadline %2)</source>
        <translation>%1 (Frist %2)</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Datacenter</source>
        <translation>Rechenzentrum</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Drain</source>
        <translation>Drain</translation>
    </message>
    <message>
        <source>A draining node takes no new allocations; the count is what still runs on it.</source>
        <translation>Ein Knoten im Drain nimmt keine neuen Allokationen an; die Zahl gibt an, was noch darauf läuft.</translation>
    </message>
    <message>
        <source>Eligibility</source>
        <translation>Zulassung</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Running allocs</source>
        <translation>Laufende Allokationen</translation>
    </message>
    <message>
        <source>CPU used</source>
        <translation>CPU belegt</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>CPU cores allocated of the node&apos;s allocatable cores (capacity minus reserved)</source>
        <translation>Zugewiesene CPU-Kerne von den zuweisbaren Kernen des Knotens (Kapazität minus Reserve)</translation>
    </message>
    <message>
        <source>Memory used</source>
        <translation>Speicher belegt</translation>
    </message>
    <message>
        <source>Memory allocated of the node&apos;s allocatable memory (capacity minus reserved)</source>
        <translation>Zugewiesener Speicher vom zuweisbaren Speicher des Knotens (Kapazität minus Reserve)</translation>
    </message>
</context>
<context>
    <name>gantry::NodesPage</name>
    <message>
        <source>Node actions</source>
        <translation>Knotenaktionen</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>&amp;Drain…</source>
        <translation>&amp;Leeren…</translation>
    </message>
    <message>
        <source>&amp;Undrain</source>
        <translation>Drain &amp;aufheben</translation>
    </message>
    <message>
        <source>Mark &amp;ineligible</source>
        <translation>Als &amp;nicht zugelassen markieren</translation>
    </message>
    <message>
        <source>Ctrl+D</source>
        <translation>Ctrl+D</translation>
    </message>
    <message>
        <source>Ctrl+U</source>
        <translation>Ctrl+U</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Result of the last action</source>
        <translation>Ergebnis der letzten Aktion</translation>
    </message>
    <message>
        <source>Nodes table</source>
        <translation>Knotentabelle</translation>
    </message>
    <message>
        <source>Mark &amp;eligible</source>
        <translation>Als &amp;zugelassen markieren</translation>
    </message>
    <message>
        <source>Stop placing work on the selected nodes, with a deadline for what runs on them</source>
        <translation>Keine Arbeit mehr auf den ausgewählten Knoten platzieren, mit einer Frist für das, was darauf läuft</translation>
    </message>
    <message>
        <source>Let the selected nodes take new work again</source>
        <translation>Die ausgewählten Knoten wieder neue Arbeit annehmen lassen</translation>
    </message>
    <message>
        <source>Keep the running work but place nothing new on the selected nodes</source>
        <translation>Laufende Arbeit beibehalten, aber nichts Neues auf den ausgewählten Knoten platzieren</translation>
    </message>
    <message>
        <source>Let the scheduler place work on the selected nodes</source>
        <translation>Den Scheduler Arbeit auf den ausgewählten Knoten platzieren lassen</translation>
    </message>
    <message numerus="yes">
        <source>%n node(s)</source>
        <translation>
            <numerusform>%n Knoten</numerusform>
            <numerusform>%n Knoten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: done for %n node(s).</source>
        <translation>
            <numerusform>%1: für %n Knoten erledigt.</numerusform>
            <numerusform>%1: für %n Knoten erledigt.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 failed for %2 of %3 node(s): %4</source>
        <translation>%1 für %2 von %3 Knoten fehlgeschlagen: %4</translation>
    </message>
    <message numerus="yes">
        <source>Draining %n node(s)…</source>
        <translation>
            <numerusform>%n Knoten wird geleert…</numerusform>
            <numerusform>%n Knoten werden geleert…</numerusform>
        </translation>
    </message>
    <message>
        <source>Drain</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Undrain</source>
        <translation>Drain aufheben</translation>
    </message>
    <message>
        <source>Mark eligible</source>
        <translation>Als zugelassen markieren</translation>
    </message>
    <message>
        <source>Mark ineligible</source>
        <translation>Als nicht zugelassen markieren</translation>
    </message>
</context>
<context>
    <name>gantry::QueueDiagnosis</name>
    <message numerus="yes">
        <source>%1 is draining (%n allocation(s) left)</source>
        <translation>
            <numerusform>%1 wird geleert (%n Allokation übrig)</numerusform>
            <numerusform>%1 wird geleert (%n Allokationen übrig)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is drained</source>
        <translation>%1 ist geleert</translation>
    </message>
    <message>
        <source>%1 is %2</source>
        <translation>%1 ist %2</translation>
    </message>
    <message>
        <source>%1 is ineligible</source>
        <translation>%1 ist nicht zugelassen</translation>
    </message>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 und %n weiterer</numerusform>
            <numerusform>%1 und %n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>No job is waiting for capacity.</source>
        <translation>Kein Job wartet auf Kapazität.</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) wait for approval.</source>
        <translation>
            <numerusform>%n Job wartet auf Genehmigung.</numerusform>
            <numerusform>%n Jobs warten auf Genehmigung.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) wait for the jobs they require to finish.</source>
        <translation>
            <numerusform>%n Job wartet auf die Jobs, die er benötigt.</numerusform>
            <numerusform>%n Jobs warten auf die Jobs, die sie benötigen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) are queued and the fleet has no nodes: add nodes.</source>
        <translation>
            <numerusform>%n Job wartet, und die Flotte hat keine Knoten: Fügen Sie Knoten hinzu.</numerusform>
            <numerusform>%n Jobs warten, und die Flotte hat keine Knoten: Fügen Sie Knoten hinzu.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) ask for resource class %1 (%2 CPUs, %3), which no node can fit: the largest node offers %4 CPUs and %5. Add larger nodes or change the jobs&apos; resource_class.</source>
        <translation>
            <numerusform>%n Job fordert die Ressourcenklasse %1 an (%2 CPUs, %3), für die kein Knoten groß genug ist: Der größte Knoten bietet %4 CPUs und %5. Fügen Sie größere Knoten hinzu oder ändern Sie die resource_class des Jobs.</numerusform>
            <numerusform>%n Jobs fordern die Ressourcenklasse %1 an (%2 CPUs, %3), für die kein Knoten groß genug ist: Der größte Knoten bietet %4 CPUs und %5. Fügen Sie größere Knoten hinzu oder ändern Sie die resource_class der Jobs.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) ask for resource class &quot;%1&quot;, which gantryd does not know.</source>
        <translation>
            <numerusform>%n Job fordert die Ressourcenklasse „%1“ an, die gantryd nicht kennt.</numerusform>
            <numerusform>%n Jobs fordern die Ressourcenklasse „%1“ an, die gantryd nicht kennt.</numerusform>
        </translation>
    </message>
    <message>
        <source>No node takes new work: %1. Undrain them, make them eligible or bring them back up.</source>
        <translation>Kein Knoten nimmt neue Arbeit an: %1. Heben Sie den Drain auf, lassen Sie die Knoten zu oder nehmen Sie sie wieder in Betrieb.</translation>
    </message>
    <message numerus="yes">
        <source>%n node(s) take no new work while jobs queue: %1.</source>
        <translation>
            <numerusform>%n Knoten nimmt keine neue Arbeit an, während Jobs warten: %1.</numerusform>
            <numerusform>%n Knoten nehmen keine neue Arbeit an, während Jobs warten: %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Eligible nodes have room for every queued job, yet %n job(s) wait (the oldest for %1). gantryd&apos;s scheduler places jobs within seconds: if they stay, look at gantryd&apos;s log.</source>
        <translation>
            <numerusform>Zugelassene Knoten haben Platz für jeden wartenden Job, dennoch wartet %n Job (seit %1). Der Scheduler von gantryd platziert Jobs innerhalb von Sekunden: Wenn er weiter wartet, sehen Sie im Log von gantryd nach.</numerusform>
            <numerusform>Zugelassene Knoten haben Platz für jeden wartenden Job, dennoch warten %n Jobs (der älteste seit %1). Der Scheduler von gantryd platziert Jobs innerhalb von Sekunden: Wenn sie weiter warten, sehen Sie im Log von gantryd nach.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) are being placed on nodes with room.</source>
        <translation>
            <numerusform>%n Job wird auf Knoten mit freier Kapazität platziert.</numerusform>
            <numerusform>%n Jobs werden auf Knoten mit freier Kapazität platziert.</numerusform>
        </translation>
    </message>
    <message>
        <source>No eligible node is left to run the queue.</source>
        <translation>Es ist kein zugelassener Knoten mehr übrig, um die Warteschlange abzuarbeiten.</translation>
    </message>
    <message>
        <source>Every eligible node is full.</source>
        <translation>Alle zugelassenen Knoten sind voll.</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) wait for %1 CPUs and %2.</source>
        <translation>
            <numerusform>%n Job wartet auf %1 CPUs und %2.</numerusform>
            <numerusform>%n Jobs warten auf %1 CPUs und %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Add %n node(s) of %1 CPUs and %2 to run them now.</source>
        <translation>
            <numerusform>Fügen Sie %n Knoten mit %1 CPUs und %2 hinzu, um ihn sofort auszuführen.</numerusform>
            <numerusform>Fügen Sie %n Knoten mit %1 CPUs und %2 hinzu, um sie sofort auszuführen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gantry::ReviewApplyDialog</name>
    <message>
        <source>Review and apply settings</source>
        <translation>Einstellungen prüfen und anwenden</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>Einstellung</translation>
    </message>
    <message>
        <source>Applied now</source>
        <translation>Derzeit angewendet</translation>
    </message>
    <message>
        <source>After apply</source>
        <translation>Nach dem Anwenden</translation>
    </message>
    <message>
        <source>Changes to apply</source>
        <translation>Anzuwendende Änderungen</translation>
    </message>
    <message>
        <source>Apply in progress</source>
        <translation>Anwenden läuft</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Anwenden</translation>
    </message>
    <message>
        <source>Show the field</source>
        <translation>Das Feld anzeigen</translation>
    </message>
    <message>
        <source>✓ Applied as version %1.</source>
        <translation>✓ Als Version %1 angewendet.</translation>
    </message>
    <message>
        <source>The TLS settings changed: gantryd serves HTTPS with them from its next start, so restart it.</source>
        <translation>Die TLS-Einstellungen haben sich geändert: gantryd verwendet sie für HTTPS erst ab seinem nächsten Start, starten Sie ihn also neu.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>✗ gantryd refused the settings: %1</source>
        <translation>✗ gantryd hat die Einstellungen abgelehnt: %1</translation>
    </message>
    <message>
        <source>Secrets are never shown, only whether they change.</source>
        <translation>Geheimnisse werden nie angezeigt, nur ob sie sich ändern.</translation>
    </message>
    <message>
        <source>Nothing was changed. Applying now writes version 1 with the values shown (defaults included).</source>
        <translation>Es wurde nichts geändert. Anwenden schreibt jetzt Version 1 mit den angezeigten Werten (einschließlich Standardwerten).</translation>
    </message>
    <message>
        <source>Nothing was changed since version %1.</source>
        <translation>Seit Version %1 wurde nichts geändert.</translation>
    </message>
    <message numerus="yes">
        <source>%n setting(s) change from version %1 to version %2:</source>
        <translation>
            <numerusform>%n Einstellung ändert sich von Version %1 zu Version %2:</numerusform>
            <numerusform>%n Einstellungen ändern sich von Version %1 zu Version %2:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gantry::RunPipelineDialog</name>
    <message>
        <source>Run a pipeline</source>
        <translation>Pipeline ausführen</translation>
    </message>
    <message>
        <source>Choose a config.yml…</source>
        <translation>config.yml auswählen…</translation>
    </message>
    <message>
        <source>config.yml file</source>
        <translation>config.yml-Datei</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Choose a config.yml</source>
        <translation>config.yml auswählen</translation>
    </message>
    <message>
        <source>the only workflow of the file</source>
        <translation>der einzige Workflow der Datei</translation>
    </message>
    <message>
        <source>Workflow</source>
        <translation>Workflow</translation>
    </message>
    <message>
        <source>config.yml preview</source>
        <translation>Vorschau der config.yml</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Ausführen</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>Da&amp;tei:</translation>
    </message>
    <message>
        <source>&amp;Workflow:</source>
        <translation>&amp;Workflow:</translation>
    </message>
    <message>
        <source>CircleCI config (*.yml *.yaml)</source>
        <translation>CircleCI-Konfiguration (*.yml *.yaml)</translation>
    </message>
    <message>
        <source>%1 is larger than 1 MiB, more than gantryd accepts.</source>
        <translation>%1 ist größer als 1 MiB und damit mehr, als gantryd annimmt.</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>%1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Submitting…</source>
        <translation>Wird übermittelt…</translation>
    </message>
    <message>
        <source>gantryd rejected the pipeline: %1</source>
        <translation>gantryd hat die Pipeline abgelehnt: %1</translation>
    </message>
    <message numerus="yes">
        <source>Submitted %n job(s).</source>
        <translation>
            <numerusform>%n Job übermittelt.</numerusform>
            <numerusform>%n Jobs übermittelt.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gantry::SchemaFormPage</name>
    <message>
        <source>Show the first problem</source>
        <translation>Das erste Problem anzeigen</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>Änderungen verwerfen</translation>
    </message>
    <message>
        <source>Review and apply…</source>
        <translation>Prüfen und anwenden…</translation>
    </message>
    <message>
        <source>Cannot read the settings: %1</source>
        <translation>Die Einstellungen können nicht gelesen werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) must be fixed before the settings can be applied.</source>
        <translation>
            <numerusform>%n Problem muss behoben werden, bevor die Einstellungen angewendet werden können.</numerusform>
            <numerusform>%n Probleme müssen behoben werden, bevor die Einstellungen angewendet werden können.</numerusform>
        </translation>
    </message>
    <message>
        <source>On this page: %1.</source>
        <translation>Auf dieser Seite: %1.</translation>
    </message>
    <message>
        <source>On other pages: %1.</source>
        <translation>Auf anderen Seiten: %1.</translation>
    </message>
    <message>
        <source>Applying…</source>
        <translation>Wird angewendet…</translation>
    </message>
    <message numerus="yes">
        <source>%n unsaved change(s) across the settings pages</source>
        <translation>
            <numerusform>%n ungespeicherte Änderung auf den Einstellungsseiten</numerusform>
            <numerusform>%n ungespeicherte Änderungen auf den Einstellungsseiten</numerusform>
        </translation>
    </message>
    <message>
        <source>Applied version %1, no unsaved changes</source>
        <translation>Version %1 angewendet, keine ungespeicherten Änderungen</translation>
    </message>
    <message>
        <source>Nothing applied yet</source>
        <translation>Noch nichts angewendet</translation>
    </message>
    <message>
        <source>Loading the settings…</source>
        <translation>Einstellungen werden geladen…</translation>
    </message>
    <message>
        <source>version %1 was applied elsewhere meanwhile; your changes are kept on top of it</source>
        <translation>Version %1 wurde inzwischen anderswo angewendet; Ihre Änderungen bleiben darauf aufbauend erhalten</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s)</source>
        <translation>
            <numerusform>%n Problem</numerusform>
            <numerusform>%n Probleme</numerusform>
        </translation>
    </message>
    <message>
        <source>Test LDAP…</source>
        <translation>LDAP testen…</translation>
    </message>
    <message>
        <source>Verify TLS…</source>
        <translation>TLS überprüfen…</translation>
    </message>
    <message>
        <source>Generate self-signed certificate…</source>
        <translation>Selbstsigniertes Zertifikat erzeugen…</translation>
    </message>
    <message>
        <source>Fetch CA chain from host…</source>
        <translation>CA-Kette vom Host abrufen…</translation>
    </message>
    <message>
        <source>Test proxy…</source>
        <translation>Proxy testen…</translation>
    </message>
    <message>
        <source>Test LDAP</source>
        <translation>LDAP testen</translation>
    </message>
    <message>
        <source>Logs in as a test user with the LDAP settings as they are on this page, unsaved changes included.</source>
        <translation>Meldet sich als Testbenutzer mit den LDAP-Einstellungen an, wie sie auf dieser Seite stehen, einschließlich ungespeicherter Änderungen.</translation>
    </message>
    <message>
        <source>Test user</source>
        <translation>Testbenutzer</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Verify TLS</source>
        <translation>TLS überprüfen</translation>
    </message>
    <message>
        <source>Checks the certificate chain and private key on this page (unsaved changes included) for the host name.</source>
        <translation>Prüft die Zertifikatskette und den privaten Schlüssel auf dieser Seite (einschließlich ungespeicherter Änderungen) für den Hostnamen.</translation>
    </message>
    <message>
        <source>Host name</source>
        <translation>Hostname</translation>
    </message>
    <message>
        <source>Generate self-signed certificate</source>
        <translation>Selbstsigniertes Zertifikat erzeugen</translation>
    </message>
    <message>
        <source>Creates an RSA 2048 certificate and key for the host name and fills them in (not applied until you apply). Browsers and build nodes will not trust it unless you add it to their trust stores.</source>
        <translation>Erzeugt ein RSA-2048-Zertifikat mit Schlüssel für den Hostnamen und trägt beides ein (wird erst beim Anwenden übernommen). Browser und Build-Knoten vertrauen ihm nur, wenn Sie es zu ihren Vertrauensspeichern hinzufügen.</translation>
    </message>
    <message>
        <source>Valid for (days)</source>
        <translation>Gültig für (Tage)</translation>
    </message>
    <message>
        <source>Fetch CA chain from host</source>
        <translation>CA-Kette vom Host abrufen</translation>
    </message>
    <message>
        <source>Reads the certificate chain a TLS server presents (e.g. your GitHub Enterprise) and adds it to the custom root CAs, unsaved.</source>
        <translation>Liest die Zertifikatskette, die ein TLS-Server vorlegt (z. B. Ihr GitHub Enterprise), und fügt sie ungespeichert zu den eigenen Root-CAs hinzu.</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Test proxy</source>
        <translation>Proxy testen</translation>
    </message>
    <message>
        <source>Fetches the URL through the proxy settings on this page, unsaved changes included.</source>
        <translation>Ruft die URL über die Proxy-Einstellungen auf dieser Seite ab, einschließlich ungespeicherter Änderungen.</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
</context>
<context>
    <name>gantry::SettingsChecks</name>
    <message>
        <source>gantryd answered without a certificate and key.</source>
        <translation>gantryd hat ohne Zertifikat und Schlüssel geantwortet.</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Erzeugen</translation>
    </message>
    <message>
        <source>A self-signed certificate and its key are filled in; apply to keep them.</source>
        <translation>Ein selbstsigniertes Zertifikat und sein Schlüssel wurden eingetragen; wenden Sie die Einstellungen an, um sie zu behalten.</translation>
    </message>
</context>
<context>
    <name>gantry::SettingsField</name>
    <message>
        <source>Default: %1</source>
        <translation>Standard: %1</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>Ändern…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Change %1</source>
        <translation>%1 ändern</translation>
    </message>
    <message>
        <source>Clear %1</source>
        <translation>%1 löschen</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>Neuer Wert</translation>
    </message>
    <message>
        <source>Keep saved</source>
        <translation>Gespeicherten Wert behalten</translation>
    </message>
    <message>
        <source>Keep the saved %1</source>
        <translation>Gespeicherten Wert für %1 behalten</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Auswählen…</translation>
    </message>
    <message>
        <source>Choose the file for %1</source>
        <translation>Die Datei für %1 auswählen</translation>
    </message>
    <message>
        <source>Choose %1</source>
        <translation>%1 auswählen</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key *.cer);;All files (*)</source>
        <translation>PEM-Dateien (*.pem *.crt *.key *.cer);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Cannot read %1</source>
        <translation>%1 kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>The file is larger than 1 MiB.</source>
        <translation>Die Datei ist größer als 1 MiB.</translation>
    </message>
    <message>
        <source>•••• (set)</source>
        <translation>•••• (gesetzt)</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>Nicht gesetzt</translation>
    </message>
    <message>
        <source>•••• (new, not applied yet)</source>
        <translation>•••• (neu, noch nicht angewendet)</translation>
    </message>
    <message>
        <source>Will be cleared when applied</source>
        <translation>Wird beim Anwenden gelöscht</translation>
    </message>
    <message>
        <source>No file chosen</source>
        <translation>Keine Datei ausgewählt</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) of text (no certificate)</source>
        <translation>
            <numerusform>%n Textzeile (kein Zertifikat)</numerusform>
            <numerusform>%n Textzeilen (kein Zertifikat)</numerusform>
        </translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Erforderlich</translation>
    </message>
    <message>
        <source>Locked: %1</source>
        <translation>Gesperrt: %1</translation>
    </message>
</context>
<context>
    <name>gantry::SettingsHistory</name>
    <message>
        <source>rollback to %1</source>
        <translation>Rücksetzung auf %1</translation>
    </message>
    <message>
        <source>update</source>
        <translation>Aktualisierung</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Akteur</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Changed settings</source>
        <translation>Geänderte Einstellungen</translation>
    </message>
</context>
<context>
    <name>gantry::SettingsHistoryPage</name>
    <message>
        <source>(secret)</source>
        <translation>(geheim)</translation>
    </message>
    <message>
        <source>Review and apply…</source>
        <translation>Prüfen und anwenden…</translation>
    </message>
    <message>
        <source>Roll back to the selected version…</source>
        <translation>Auf die ausgewählte Version zurücksetzen…</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Applied versions</source>
        <translation>Angewendete Versionen</translation>
    </message>
    <message>
        <source>Applied settings versions</source>
        <translation>Angewendete Einstellungsversionen</translation>
    </message>
    <message>
        <source>Compare version</source>
        <translation>Version vergleichen</translation>
    </message>
    <message>
        <source>with version</source>
        <translation>mit Version</translation>
    </message>
    <message>
        <source>Compare from version</source>
        <translation>Vergleichen von Version</translation>
    </message>
    <message>
        <source>Compare to version</source>
        <translation>Vergleichen mit Version</translation>
    </message>
    <message>
        <source>Differences between the two versions</source>
        <translation>Unterschiede zwischen den beiden Versionen</translation>
    </message>
    <message>
        <source>Settings history</source>
        <translation>Einstellungsverlauf</translation>
    </message>
    <message>
        <source>✓ Rolled back: version %1 now holds the settings of version %2.</source>
        <translation>✓ Zurückgesetzt: Version %1 enthält jetzt die Einstellungen von Version %2.</translation>
    </message>
    <message>
        <source>Applied settings: version %1.</source>
        <translation>Angewendete Einstellungen: Version %1.</translation>
    </message>
    <message>
        <source>No settings applied yet: fill in the pages on the left, then apply.</source>
        <translation>Noch keine Einstellungen angewendet: Füllen Sie die Seiten links aus und wenden Sie sie dann an.</translation>
    </message>
    <message numerus="yes">
        <source>%n unsaved change(s).</source>
        <translation>
            <numerusform>%n ungespeicherte Änderung.</numerusform>
            <numerusform>%n ungespeicherte Änderungen.</numerusform>
        </translation>
    </message>
    <message>
        <source>0 (empty)</source>
        <translation>0 (leer)</translation>
    </message>
    <message>
        <source>%1: %2 → %3</source>
        <translation>%1: %2 → %3</translation>
    </message>
    <message>
        <source>Roll back to version %1? This applies a new version %2 equal to version %1.</source>
        <translation>Auf Version %1 zurücksetzen? Dadurch wird eine neue Version %2 angewendet, die Version %1 entspricht.</translation>
    </message>
    <message>
        <source>No setting changes.</source>
        <translation>Keine Einstellung ändert sich.</translation>
    </message>
    <message>
        <source>What changes:</source>
        <translation>Was sich ändert:</translation>
    </message>
    <message>
        <source>Your unsaved changes are kept and stay unsaved.</source>
        <translation>Ihre ungespeicherten Änderungen bleiben erhalten und weiterhin ungespeichert.</translation>
    </message>
    <message>
        <source>Roll back settings</source>
        <translation>Einstellungen zurücksetzen</translation>
    </message>
    <message numerus="yes">
        <source>%n setting(s) differ between version %1 and version %2</source>
        <translation>
            <numerusform>%n Einstellung unterscheidet sich zwischen Version %1 und Version %2</numerusform>
            <numerusform>%n Einstellungen unterscheiden sich zwischen Version %1 und Version %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>Einstellung</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>(secret, changed)</source>
        <translation>(geheim, geändert)</translation>
    </message>
    <message>
        <source>(set)</source>
        <translation>(gesetzt)</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>(nicht gesetzt)</translation>
    </message>
    <message>
        <source>(set, changed)</source>
        <translation>(gesetzt, geändert)</translation>
    </message>
</context>
<context>
    <name>gantry::SettingsListEditor</name>
    <message>
        <source>Add…</source>
        <translation>Hinzufügen…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Bearbeiten…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>From file…</source>
        <translation>Aus Datei…</translation>
    </message>
    <message>
        <source>Add %1 from a file</source>
        <translation>%1 aus einer Datei hinzufügen</translation>
    </message>
    <message>
        <source>Add to %1</source>
        <translation>Zu %1 hinzufügen</translation>
    </message>
    <message>
        <source>Edit the selected entry of %1</source>
        <translation>Den ausgewählten Eintrag von %1 bearbeiten</translation>
    </message>
    <message>
        <source>Remove the selected entry of %1</source>
        <translation>Den ausgewählten Eintrag von %1 entfernen</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>PEM certificate(s):</source>
        <translation>PEM-Zertifikat(e):</translation>
    </message>
    <message>
        <source>Add a certificate to %1</source>
        <translation>Ein Zertifikat zu %1 hinzufügen</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.cer);;All files (*)</source>
        <translation>PEM-Dateien (*.pem *.crt *.cer);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Cannot read %1</source>
        <translation>%1 kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>The file is larger than 1 MiB.</source>
        <translation>Die Datei ist größer als 1 MiB.</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>%1 bearbeiten</translation>
    </message>
</context>
<context>
    <name>gantry::SettingsMapEditor</name>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Add an entry to %1</source>
        <translation>Einen Eintrag zu %1 hinzufügen</translation>
    </message>
    <message>
        <source>Remove the selected entry of %1</source>
        <translation>Den ausgewählten Eintrag von %1 entfernen</translation>
    </message>
</context>
<context>
    <name>gantry::SettingsPages</name>
    <message>
        <source>Unsaved settings</source>
        <translation>Ungespeicherte Einstellungen</translation>
    </message>
    <message numerus="yes">
        <source>%n setting(s) changed but not applied. Apply them now, discard them, or stay to keep editing?</source>
        <translation>
            <numerusform>%n Einstellung wurde geändert, aber nicht angewendet. Jetzt anwenden, verwerfen oder bleiben und weiter bearbeiten?</numerusform>
            <numerusform>%n Einstellungen wurden geändert, aber nicht angewendet. Jetzt anwenden, verwerfen oder bleiben und weiter bearbeiten?</numerusform>
        </translation>
    </message>
    <message>
        <source>Review and apply…</source>
        <translation>Prüfen und anwenden…</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>Stay</source>
        <translation>Bleiben</translation>
    </message>
</context>
<context>
    <name>gantry::SettingsViewModel</name>
    <message>
        <source>%1 cannot change after the first apply: it was set when version 1 was applied, and changing it later corrupts the installation.</source>
        <translation>%1 kann nach dem ersten Anwenden nicht mehr geändert werden: Der Wert wurde beim Anwenden von Version 1 gesetzt, und eine spätere Änderung beschädigt die Installation.</translation>
    </message>
    <message>
        <source>set</source>
        <translation>gesetzt</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>nicht gesetzt</translation>
    </message>
    <message>
        <source>cleared</source>
        <translation>gelöscht</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>geändert</translation>
    </message>
    <message>
        <source>Sending the draft to gantryd…</source>
        <translation>Entwurf wird an gantryd gesendet…</translation>
    </message>
    <message>
        <source>%1 Reload to see the settings applied since version %2; your unsaved values are kept.</source>
        <translation>%1 Laden Sie neu, um die seit Version %2 angewendeten Einstellungen zu sehen; Ihre ungespeicherten Werte bleiben erhalten.</translation>
    </message>
    <message>
        <source>Applying: writing version %1 and its rendered files…</source>
        <translation>Wird angewendet: Version %1 und ihre erzeugten Dateien werden geschrieben…</translation>
    </message>
</context>
<context>
    <name>gantry::StaleBanner</name>
    <message>
        <source>Data freshness</source>
        <translation>Aktualität der Daten</translation>
    </message>
</context>
<context>
    <name>gantry::UsersModel</name>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>Admin</translation>
    </message>
    <message>
        <source>Viewer</source>
        <translation>Betrachter</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>First login</source>
        <translation>Erste Anmeldung</translation>
    </message>
    <message>
        <source>Last login</source>
        <translation>Letzte Anmeldung</translation>
    </message>
</context>
<context>
    <name>gantry::UsersPage</name>
    <message>
        <source>Make admin</source>
        <translation>Zum Admin machen</translation>
    </message>
    <message>
        <source>Make viewer</source>
        <translation>Zum Betrachter machen</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Users log in with their LDAP credentials. The first user to log in became an admin; everyone after is a viewer until an admin promotes them. Viewers can read everything but change nothing.</source>
        <translation>Benutzer melden sich mit ihren LDAP-Zugangsdaten an. Der erste Benutzer, der sich angemeldet hat, wurde Admin; alle weiteren sind Betrachter, bis ein Admin sie hochstuft. Betrachter können alles lesen, aber nichts ändern.</translation>
    </message>
    <message>
        <source>Make %1 an admin? Admins can change every setting and every user&apos;s role.</source>
        <translation>%1 zum Admin machen? Admins können jede Einstellung und die Rolle jedes Benutzers ändern.</translation>
    </message>
    <message>
        <source>Make %1 a viewer? They can then read but not change anything.</source>
        <translation>%1 zum Betrachter machen? Die Person kann dann alles lesen, aber nichts ändern.</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>Rolle ändern</translation>
    </message>
    <message>
        <source>✗ %1</source>
        <translation>✗ %1</translation>
    </message>
    <message>
        <source>Nobody has signed in yet. While LDAP is off (Settings → LDAP), the token in gantryd.json is the only way in; once it is on, the first user to sign in becomes an admin and appears here.</source>
        <translation>Bisher hat sich niemand angemeldet. Solange LDAP aus ist (Einstellungen → LDAP), ist das Token in gantryd.json der einzige Zugang; sobald es an ist, wird der erste Benutzer, der sich anmeldet, Admin und erscheint hier.</translation>
    </message>
</context>
</TS>
