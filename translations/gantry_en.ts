<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ApiResult</name>
    <message>
        <source>control plane unreachable at %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 (HTTP %2, %3)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>HTTP %1 from %2</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>AuditFilter</name>
    <message>
        <source>All time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last hour</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last 7 days</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last 30 days</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Custom range</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Action "%1" is not an action: expected lowercase words separated by dots (user.create) or a prefix ending in * (workflow.job.*).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Search text "%1" has no letters or digits to search for.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The range ends (%1) before it starts (%2).</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>GantryOptions</name>
    <message>
        <source>Gantry: the management console of a self-hosted CI installation.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Data dir of the embedded control plane (default %1).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Connect to a remote gantryd instead of starting one.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Language of the console: en, de, ja.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The gantryd program to start (default: next to gantry).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Have the embedded control plane run sample workflows, so that the fleet pages have something to show.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The embedded local fleet, e.g. local:3x8cpu,16g.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show this help.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show the version.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SettingsSchema</name>
    <message>
        <source>(not set)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>on</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>PEM, %n block(s)</source>
        <translation>
            <numerusform>PEM, %n block</numerusform><numerusform>PEM, %n blocks</numerusform></translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>389 for plain and StartTLS, 636 for LDAPS.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>AMI used for machine executor and remote Docker VMs instead of the default.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>AWS CloudWatch namespace</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>AWS CloudWatch region</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>AWS EC2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>AWS EC2 provisions machines on demand with your EC2 credentials.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>AWS EC2 security group assigned to all VMs; should be in the region above.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>AWS EC2 subnet ID used for VM creation; should be in the region above.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>AWS access key ID</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>AWS authentication</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>AWS instance type</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>AWS region</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>AWS region the VMs are created in, e.g. us-west-2.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>AWS secret access key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Access key ID of the IAM user.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Active Directory</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add Telegraf output plugins of your own, in addition to or instead of the above.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Aggregate usage statistics sent to CircleCI.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All users must then log in with their LDAP credentials.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Artifacts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Attribute listing the member DNs of a group (uniqueMember for OpenLDAP, member for AD).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Automated provisioning of virtual machines for Remote Docker and the machine executor.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Automatically send some usage statistics to CircleCI</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Certificates for HTTPS on the Services machine.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>CircleCI URL</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Client ID of the OAuth application registered in GitHub.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Client secret of the OAuth application.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>CloudWatch authentication</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>CloudWatch namespace of the metrics, e.g. ci_metrics.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Custom Telegraf outputs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Custom VM AMI</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Custom root CAs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Customizations</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>DN of the LDAP admin user, in the form cn=&lt;admin&gt;,dc=&lt;example&gt;,dc=&lt;org&gt;.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Datadog API key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Domain name or IP address of the Services machine, e.g. circleci.example.com.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>EC2 security group ID</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>EC2 subnet ID</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enable LDAP authentication</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enable metrics forwarding to AWS CloudWatch.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enable metrics forwarding to Datadog.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Encryption</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Extra environment variables</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Forward system and Docker metrics through Telegraf to CloudWatch, Datadog or any output.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Forward to AWS CloudWatch</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Forward to Datadog</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Frontend JVM heap size</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>General</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>GitHub</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>GitHub URL</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Global tags</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Group membership attribute</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Group object class</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>HTTP proxy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>HTTPS only</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>HTTPS proxy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Heap of the frontend container, e.g. 4g; preferred over the global value.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Heap of the test_results container, e.g. 2048m; preferred over the global value.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Host name or IP address of the LDAP server.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Hostname</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Hosts, domains (.example.com) and networks (10.0.0.0/8) reached directly, e.g. the Services machine and s3.amazonaws.com. 127.0.0.1, localhost, the host name, the GitHub host and, on EC2, 169.254.169.254 are always added.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>How build artifacts are served.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>I agree to the license agreement</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>IAM instance profile</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>IAM user (key + secret)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>In the form &lt;protocol&gt;://&lt;ip-or-host&gt;:&lt;port&gt;, e.g. http://10.0.0.33:3128.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>In the form &lt;protocol&gt;://&lt;ip-or-host&gt;:&lt;port&gt;, e.g. http://10.0.0.33:3128; empty uses the HTTP proxy.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Instance type the VM service should use, e.g. m5.large.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>JVM heap size (all containers)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>JVM_HEAP_SIZE for all containers reading it, e.g. 4g or 4096m.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>LDAP authentication</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>LDAPS</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>License agreement</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Metrics forwarding</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>More export NAME="value" lines; names match [A-Z_][A-Z0-9_]*.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No proxy for</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>OAuth client ID</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>OAuth client secret</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>On-Host</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Only serve artifacts with safe content types</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>OpenLDAP</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Opt in to sending weekly account usage and job activity.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Optional DN of the group whose members alone may log in.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Optional postgresql://user:password@host:5432/dbname; empty keeps the embedded SQLite database.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Other artifacts are served as plain text or downloads, never rendered.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Overrides the scheme and host that CircleCI uses (CIRCLE_URL).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>PEM certificate of the host name, followed by its intermediate certificates.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>PEM certificates to trust (copied to /usr/local/share/ca-certificates/), e.g. the chain of a GitHub Enterprise instance signed by an internal root CA.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Password of the search user.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Plain text (not recommended)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Plain text is not recommended.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>PostgreSQL URL</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Preallocated Remote Docker VMs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Preallocated machine executor VMs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Proxy for Replicated, the Services machine and the Nomad clients. Must be set before installing on fresh machines.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Region of the CloudWatch endpoint, e.g. us-west-2.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Restricted group</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Search password</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Search user</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Secret access key of the IAM user (40 characters).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Selects the defaults of the attribute fields below.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Serve the application over HTTPS only (plain HTTP is redirected).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Server type</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>StartTLS</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Storage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>TLS / HTTPS</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>TLS certificate chain</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>TLS private key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tags added to every metric, e.g. Env = staging ([global_tags] in Telegraf).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Telegraf TOML, e.g. [[outputs.influxdb]] with url = "http://10.0.0.5:8086".</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Telegraf configuration</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Test results JVM heap size</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The GitHub or GitHub Enterprise instance users authenticate with.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The host name users reach the installation by.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The license agreement must be accepted before settings can be applied.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Unencrypted PEM private key matching the certificate.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Unique identifier of a user, e.g. uid, mail or sAMAccountName.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Usage statistics</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Use the Services machine's instance profile, or an access key and secret.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>User search DN</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Username attribute</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Users log in with OpenLDAP or Active Directory credentials. Only clean installations may use LDAP.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>VM provider</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>VMs kept waiting for Remote Docker jobs; 0 provisions on demand only.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>VMs kept waiting for machine executor jobs; 0 provisions on demand only.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Values written to /etc/circle-installation-customizations and per-container files.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Where gantryd keeps audit events and job history.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Where users are searched, in the form ou=&lt;users&gt;,dc=&lt;example&gt;,dc=&lt;org&gt;.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>You certify that you have the authority to agree to it on behalf of your organization.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Your Datadog API key (32 hexadecimal digits).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>https://github.com or your GitHub Enterprise URL. It cannot change after the first apply: moving the GitHub instance corrupts the installation.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>objectClass that marks a DN as a group (groupOfUniqueNames for OpenLDAP, group for AD).</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry</name>
    <message>
        <source>(no name)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::AllocationLog</name>
    <message>
        <source>No allocation is open.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The connection to gantryd is gone.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Saved %n byte(s) to %1</source>
        <translation>
            <numerusform>Saved %n byte to %1</numerusform><numerusform>Saved %n bytes to %1</numerusform></translation>
    </message>
</context>
<context>
    <name>gantry::AuditDetailPane</name>
    <message>
        <source>Cop&amp;y as JSON</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Audit event details</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Event summary</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Event fields as JSON</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copy the event as JSON</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Put the whole event, as gantryd returns it, on the clipboard</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select an event to see all its fields.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 · %3&lt;br&gt;id %4 · version %5</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>succeeded</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::AuditExport</name>
    <message>
        <source>An export is already running.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>gantryd sent no CSV.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The export ended after %1 of %2 bytes; the file was not written.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The export has %1 rows where gantryd announced %2; the file was not written.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::AuditExportDialog</name>
    <message>
        <source>Export audit log</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export status</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export progress</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Writing the events of the current filter, oldest first, to %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>gantryd is selecting %1…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 of %2 rows written</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 rows written</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Done: %1 rows in %2.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Canceled; no file was written.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The export failed; no file was written: %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::AuditFilterBar</name>
    <message>
        <source>user.logged_in, workflow.job.*</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>id or name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Actor</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Target</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>words in names and payloads</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Search text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Audit log filter</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Time range</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Until</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Events at or after this local time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Events before this local time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>An action, or a prefix ending in * for a family of actions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Any</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Success</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Full-text search; a word ending in * matches as a prefix</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Apply the filter</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Clear the filter</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Filter problems</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Time:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>F&amp;rom:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>U&amp;ntil:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Su&amp;ccess:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Act&amp;ion:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Act&amp;or:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tar&amp;get:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::AuditLogPage</name>
    <message>
        <source>&amp;Jump to time…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Audit log</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Audit events</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Number of events</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show new events</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Jump to time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show the events that occurred before a moment</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export CSV</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Write every event of the current filter to a CSV file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Time to jump to</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show the events that occurred before (local time):</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export audit log as CSV</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot read the audit log: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>1 new event</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 new events</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::AuditTableModel</name>
    <message>
        <source>about %1 events</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>at least %1 events</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>1 event</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 events</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Occurred at</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Actor</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Target</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Success</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::CertificateText</name>
    <message>
        <source>(expired)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(expires within 30 days)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Subject: %1
Issuer: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Names: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Expires: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 · expires %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(+%1 more)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::CheckRunDialog</name>
    <message>
        <source>Check in progress</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Check steps</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancel check</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>✗ The check could not run: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancelled. gantryd stops the check at its next step.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Running…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 %2 (%3 ms)
%4</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1: %2, %3</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>✓ Passed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>✗ Failed: see the steps marked with a cross.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::ConnectionMonitor</name>
    <message>
        <source>the token was rejected</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::ConnectionStatus</name>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Connected to %1 (embedded)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Connected to %1 (attached)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Connected to %1 (remote)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Disconnected</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Disconnected, retrying in %n s</source>
        <translation>
            <numerusform>Disconnected, retrying in %n s</numerusform><numerusform>Disconnected, retrying in %n s</numerusform></translation>
    </message>
    <message>
        <source>Disconnected, retrying now</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Starting gantryd: %1 (%n s)…</source>
        <translation>
            <numerusform>Starting gantryd: %1 (%n s)…</numerusform><numerusform>Starting gantryd: %1 (%n s)…</numerusform></translation>
    </message>
</context>
<context>
    <name>gantry::ConsoleAccess</name>
    <message>
        <source>%1 is a viewer: viewers can look at everything but change nothing. An admin can promote you on the Users page.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This account</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::ConsoleSession</name>
    <message>
        <source>Secrets key: key file in the data dir</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Secrets key: OS keychain</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Secrets key: key file (no keychain)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No keychain</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No OS keychain answered (%1). The key that encrypts stored secrets is kept in a key file readable only by you (mode 0600) in %2 instead.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Token for %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>API token of the gantryd at %1:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>the token</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>the session</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not stored</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No OS keychain answered (%1), so %2 is kept in memory for this session only and never written to disk. Gantry will ask again next time.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remote control plane</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>gantryd did not accept the stored token or session; a session ends after a while, and an admin may have revoked the token.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sign &amp;out %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Signed out.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No token or session is stored for this address yet.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The OS keychain is not available: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>not signed in</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>gantryd cannot use its database</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1

Start gantryd with the audit log in the data dir for this run, so that you can correct storage.database_url on the Storage page? Audit events of this run stay in the data dir.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::DashboardChartView</name>
    <message>
        <source>Running allocations</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Jobs pending and running</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Queue time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Median</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>95th percentile</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%.0f s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Allocations per node (busiest)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Chart of jobs pending and running</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Chart of queue time, median and 95th percentile</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Seconds from submission to start of the jobs that started in the minute before each point (in the bucket, over 24 h)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Chart of allocations per node</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::DashboardModel</name>
    <message>
        <source>15 min</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>1 h</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>24 h</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::DashboardPage</name>
    <message>
        <source>Dashboard</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Queued</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Jobs waiting for a node: pending, not on hold for approval and not waiting for a job they require</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Jobs with running allocations</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Nodes ready</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ready, eligible and not draining</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Draining</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Nodes that take no new work</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Down</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Nodes down or still initializing</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Median queue time (1 h)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Of the jobs that started in the last hour</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Success rate (1 h)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Of the jobs that finished in the last hour, canceled ones left out</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Range:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Chart range %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Why are jobs queuing?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Queue diagnosis</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Waiting for the fleet…</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>show %n node(s)</source>
        <translation>
            <numerusform>show %n node</numerusform><numerusform>show %n nodes</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>show %n job(s)</source>
        <translation>
            <numerusform>show %n job</numerusform><numerusform>show %n jobs</numerusform></translation>
    </message>
</context>
<context>
    <name>gantry::DrainDialog</name>
    <message>
        <source>&amp;Deadline:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;No deadline: let running allocations finish</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Force: stop running allocations now</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Ignore system jobs (they keep running)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Drain %1</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Drain %n node(s)</source>
        <translation>
            <numerusform>Drain %n node</numerusform><numerusform>Drain %n nodes</numerusform></translation>
    </message>
    <message>
        <source>A draining node takes no new allocations. Nodes: %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>, …</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Deadline preset</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>1 hour</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>4 hours</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>8 hours</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>12 hours</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>1 day</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Custom…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Custom deadline</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>minutes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>hours</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>days</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Custom deadline unit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ignore system jobs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>What will happen</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No allocation runs on these nodes: they are drained at once and take no new work until undrained.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n running allocation(s) will be stopped now and marked lost; their jobs end as lost. The nodes take no new work until undrained.</source>
        <translation>
            <numerusform>%n running allocation will be stopped now and marked lost; its job ends as lost. The nodes take no new work until undrained.</numerusform><numerusform>%n running allocations will be stopped now and marked lost; their jobs end as lost. The nodes take no new work until undrained.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n running allocation(s) may run to completion, however long that takes; the nodes take no new work meanwhile.</source>
        <translation>
            <numerusform>%n running allocation may run to completion, however long that takes; the nodes take no new work meanwhile.</numerusform><numerusform>%n running allocations may run to completion, however long that takes; the nodes take no new work meanwhile.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n running allocation(s) may finish within %1; any still running at %2 will be stopped and marked lost. The nodes take no new work meanwhile.</source>
        <translation>
            <numerusform>%n running allocation may finish within %1; any still running at %2 will be stopped and marked lost. The nodes take no new work meanwhile.</numerusform><numerusform>%n running allocations may finish within %1; any still running at %2 will be stopped and marked lost. The nodes take no new work meanwhile.</numerusform></translation>
    </message>
    <message>
        <source>System jobs are left running on the nodes.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Drain and stop %n allocation(s)</source>
        <translation>
            <numerusform>Drain and stop %n allocation</numerusform><numerusform>Drain and stop %n allocations</numerusform></translation>
    </message>
</context>
<context>
    <name>gantry::EmbeddedDaemon</name>
    <message>
        <source>%1 is missing or not executable</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>cannot start %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>gantryd stopped unexpectedly (signal or crash)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>gantryd exited with code %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>gantryd stopped answering</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::FleetActions</name>
    <message numerus="yes">
        <source>%1: done for %n item(s)</source>
        <translation>
            <numerusform>%1: done for %n item</numerusform><numerusform>%1: done for %n items</numerusform></translation>
    </message>
    <message>
        <source>%1: %2 of %3 failed — %4</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Drain</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Undrain</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Mark eligible</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Mark ineligible</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Approve</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Pipeline submitted: %n job(s)</source>
        <translation>
            <numerusform>Pipeline submitted: %n job</numerusform><numerusform>Pipeline submitted: %n jobs</numerusform></translation>
    </message>
    <message>
        <source>Pipeline rejected: %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::FleetFeed</name>
    <message>
        <source>Read-only while disconnected from gantryd</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loading the fleet from gantryd…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not connected to gantryd yet (attempt %1): %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Disconnected from gantryd: showing the fleet as of %1, read-only. Reconnecting (attempt %2)…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>gantryd's fleet API did not answer (%1): showing data as of %2, read-only. Retrying…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>gantryd's fleet API did not answer (%1). Retrying…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>live, updated %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>no data yet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>as of %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::FleetFormat</name>
    <message>
        <source>%1 s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 h</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 d</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 MB</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 GB</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>initializing</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>ready</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>down</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>eligible</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>ineligible</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>pending</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>dead</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>success</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>canceled</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>lost</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>complete</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::JobDetailsPane</name>
    <message>
        <source>Job details</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Job summary</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Allocations of the job</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Index</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Allocation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Node</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Exit code</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Started</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Finished</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not read the allocations: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select a job to see its allocations and logs.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2) of workflow &lt;b&gt;%3&lt;/b&gt; · %4%5 · resource class %6 × %7</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Submitted %1 · queued %2 · ran %3</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>requires %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(not placed)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::JobsModel</name>
    <message>
        <source>All jobs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Queued</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>On hold (approval)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Finished</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failed or lost</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>on hold</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Job</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Workflow</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Resource class</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Node(s)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Submitted</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Queue time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>From submission until the job started; for queued jobs, the wait so far</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::JobsPage</name>
    <message>
        <source>Job actions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Jobs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Status filter</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Cancel…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Approve…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Run a pipeline…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ctrl+Shift+A</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Result of the last action</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Jobs table</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>&amp;Cancel %n job(s)…</source>
        <translation>
            <numerusform>&amp;Cancel %n job…</numerusform><numerusform>&amp;Cancel %n jobs…</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>&amp;Approve %n job(s)…</source>
        <translation>
            <numerusform>&amp;Approve %n job…</numerusform><numerusform>&amp;Approve %n jobs…</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n job(s)</source>
        <translation>
            <numerusform>%n job</numerusform><numerusform>%n jobs</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n job(s)</source>
        <translation>
            <numerusform>%1 of %n job</numerusform><numerusform>%1 of %n jobs</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%1: done for %n job(s).</source>
        <translation>
            <numerusform>%1: done for %n job.</numerusform><numerusform>%1: done for %n jobs.</numerusform></translation>
    </message>
    <message>
        <source>%1 failed for %2 of %3 job(s): %4</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Cancel %n job(s)?</source>
        <translation>
            <numerusform>Cancel %n job?</numerusform><numerusform>Cancel %n jobs?</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>The steps of %n running job(s) are stopped now.</source>
        <translation>
            <numerusform>The steps of %n running job is stopped now.</numerusform><numerusform>The steps of %n running jobs are stopped now.</numerusform></translation>
    </message>
    <message>
        <source>None of them has started yet.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>They end with outcome canceled, and jobs that require them are canceled too.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancel jobs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Approve %1? The jobs of the workflow that require it are then scheduled.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Approve</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::LiveTableView</name>
    <message>
        <source>Filter…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Filter</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Columns</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose columns and sort order</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show or hide columns, and sort by a column</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sort by</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Descending</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::LogViewer</name>
    <message>
        <source>&amp;Follow</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Jump to latest</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Allocation log</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>stdout</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>stderr</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Log stream</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Follow the end of the log</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stays on while the view is at the bottom; scroll up to read in peace</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Jump to latest</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Search the log…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Search the log</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Previous</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Previous match</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Next</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Next match</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save the log to a file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Log text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Log status</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>&amp;Jump to latest (%n new line(s))</source>
        <translation>
            <numerusform>&amp;Jump to latest (%n new line)</numerusform><numerusform>&amp;Jump to latest (%n new lines)</numerusform></translation>
    </message>
    <message>
        <source>no match</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n match</numerusform><numerusform>%n matches</numerusform></translation>
    </message>
    <message>
        <source>No allocation selected.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Allocation %1, %2: %n line(s)</source>
        <translation>
            <numerusform>Allocation %1, %2: %n line</numerusform><numerusform>Allocation %1, %2: %n lines</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>showing the last %n line(s); Save… writes the whole log</source>
        <translation>
            <numerusform>showing the last %n line; Save… writes the whole log</numerusform><numerusform>showing the last %n lines; Save… writes the whole log</numerusform></translation>
    </message>
    <message>
        <source>finished</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>running, following the stream</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>running, reconnecting…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>could not read more: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save log</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Log files (*.log *.txt)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::LoginDialog</name>
    <message>
        <source>Sign in to %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This gantryd uses LDAP: sign in with your directory user name and password.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>User name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Use an API &amp;token instead…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::MainWindow</name>
    <message>
        <source>Gantry</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Navigation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Connection</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::NavigationModel</name>
    <message>
        <source>General</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>TLS / HTTPS</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>LDAP</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>VM provider</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Metrics</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>HTTP proxy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Usage statistics</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Artifacts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Customizations</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>GitHub</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Storage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>License</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pages</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dashboard</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Queued and running jobs, nodes and queue times, live, with a diagnosis of why builds queue. Coming with the live fleet.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Nodes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Build nodes with drain, eligibility, status and running allocations. Coming with the live fleet.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Jobs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Queued, running and finished jobs with their allocations and logs. Coming with the live fleet.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Audit log</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Every admin action and job event, searchable, with CSV export.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Every setting of the installation, validated, versioned and rendered. Choose a group on the left.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The %1 settings: coming with the settings pages.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Users</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Who may sign in to this gantryd and with which role (admin or viewer). For admins.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Operations</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Backup and restore, support bundle and health checks. Coming with operations.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::NodesModel</name>
    <message>
        <source>no</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>drained</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>draining: %n allocation(s) left</source>
        <translation>
            <numerusform>draining: %n allocation left</numerusform><numerusform>draining: %n allocations left</numerusform></translation>
    </message>
    <message>
        <source>%1 (deadline %2)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Datacenter</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Class</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Drain</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A draining node takes no new allocations; the count is what still runs on it.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Eligibility</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Running allocs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>CPU used</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 / %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>CPU cores allocated of the node's allocatable cores (capacity minus reserved)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Memory used</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Memory allocated of the node's allocatable memory (capacity minus reserved)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::NodesPage</name>
    <message>
        <source>Node actions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Nodes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Drain…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Undrain</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Mark &amp;ineligible</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ctrl+D</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ctrl+U</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Result of the last action</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Nodes table</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Mark &amp;eligible</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stop placing work on the selected nodes, with a deadline for what runs on them</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Let the selected nodes take new work again</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Keep the running work but place nothing new on the selected nodes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Let the scheduler place work on the selected nodes</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n node(s)</source>
        <translation>
            <numerusform>%n node</numerusform><numerusform>%n nodes</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%1: done for %n node(s).</source>
        <translation>
            <numerusform>%1: done for %n node.</numerusform><numerusform>%1: done for %n nodes.</numerusform></translation>
    </message>
    <message>
        <source>%1 failed for %2 of %3 node(s): %4</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Draining %n node(s)…</source>
        <translation>
            <numerusform>Draining %n node…</numerusform><numerusform>Draining %n nodes…</numerusform></translation>
    </message>
    <message>
        <source>Drain</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Undrain</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Mark eligible</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Mark ineligible</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::QueueDiagnosis</name>
    <message numerus="yes">
        <source>%1 is draining (%n allocation(s) left)</source>
        <translation>
            <numerusform>%1 is draining (%n allocation left)</numerusform><numerusform>%1 is draining (%n allocations left)</numerusform></translation>
    </message>
    <message>
        <source>%1 is drained</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 is %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 is ineligible</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 and %n more</numerusform><numerusform>%1 and %n more</numerusform></translation>
    </message>
    <message>
        <source>No job is waiting for capacity.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n job(s) wait for approval.</source>
        <translation>
            <numerusform>%n job waits for approval.</numerusform><numerusform>%n jobs wait for approval.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) wait for the jobs they require to finish.</source>
        <translation>
            <numerusform>%n job waits for the jobs it requires to finish.</numerusform><numerusform>%n jobs wait for the jobs they require to finish.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) are queued and the fleet has no nodes: add nodes.</source>
        <translation>
            <numerusform>%n job is queued and the fleet has no nodes: add nodes.</numerusform><numerusform>%n jobs are queued and the fleet has no nodes: add nodes.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) ask for resource class %1 (%2 CPUs, %3), which no node can fit: the largest node offers %4 CPUs and %5. Add larger nodes or change the jobs' resource_class.</source>
        <translation>
            <numerusform>%n job asks for resource class %1 (%2 CPUs, %3), which no node can fit: the largest node offers %4 CPUs and %5. Add larger nodes or change the jobs' resource_class.</numerusform><numerusform>%n jobs ask for resource class %1 (%2 CPUs, %3), which no node can fit: the largest node offers %4 CPUs and %5. Add larger nodes or change the jobs' resource_class.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) ask for resource class "%1", which gantryd does not know.</source>
        <translation>
            <numerusform>%n job asks for resource class "%1", which gantryd does not know.</numerusform><numerusform>%n jobs ask for resource class "%1", which gantryd does not know.</numerusform></translation>
    </message>
    <message>
        <source>No node takes new work: %1. Undrain them, make them eligible or bring them back up.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n node(s) take no new work while jobs queue: %1.</source>
        <translation>
            <numerusform>%n node takes no new work while jobs queue: %1.</numerusform><numerusform>%n nodes take no new work while jobs queue: %1.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Eligible nodes have room for every queued job, yet %n job(s) wait (the oldest for %1). gantryd's scheduler places jobs within seconds: if they stay, look at gantryd's log.</source>
        <translation>
            <numerusform>Eligible nodes have room for every queued job, yet %n job waits (for %1). gantryd's scheduler places jobs within seconds: if it stays, look at gantryd's log.</numerusform><numerusform>Eligible nodes have room for every queued job, yet %n jobs wait (the oldest for %1). gantryd's scheduler places jobs within seconds: if they stay, look at gantryd's log.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) are being placed on nodes with room.</source>
        <translation>
            <numerusform>%n job is being placed on nodes with room.</numerusform><numerusform>%n jobs are being placed on nodes with room.</numerusform></translation>
    </message>
    <message>
        <source>No eligible node is left to run the queue.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Every eligible node is full.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n job(s) wait for %1 CPUs and %2.</source>
        <translation>
            <numerusform>%n job waits for %1 CPUs and %2.</numerusform><numerusform>%n jobs wait for %1 CPUs and %2.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Add %n node(s) of %1 CPUs and %2 to run them now.</source>
        <translation>
            <numerusform>Add %n node of %1 CPUs and %2 to run them now.</numerusform><numerusform>Add %n nodes of %1 CPUs and %2 to run them now.</numerusform></translation>
    </message>
</context>
<context>
    <name>gantry::ReviewApplyDialog</name>
    <message>
        <source>Review and apply settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Setting</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Applied now</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>After apply</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Changes to apply</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Apply in progress</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Apply</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show the field</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>✓ Applied as version %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The TLS settings changed: gantryd serves HTTPS with them from its next start, so restart it.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>✗ gantryd refused the settings: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Secrets are never shown, only whether they change.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Nothing was changed. Applying now writes version 1 with the values shown (defaults included).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Nothing was changed since version %1.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n setting(s) change from version %1 to version %2:</source>
        <translation>
            <numerusform>%n setting changes from version %1 to version %2:</numerusform><numerusform>%n settings change from version %1 to version %2:</numerusform></translation>
    </message>
</context>
<context>
    <name>gantry::RunPipelineDialog</name>
    <message>
        <source>Run a pipeline</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose a config.yml…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>config.yml file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose a config.yml</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>the only workflow of the file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Workflow</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>config.yml preview</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Run</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;File:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Workflow:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>CircleCI config (*.yml *.yaml)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 is larger than 1 MiB, more than gantryd accepts.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Submitting…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>gantryd rejected the pipeline: %1</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Submitted %n job(s).</source>
        <translation>
            <numerusform>Submitted %n job.</numerusform><numerusform>Submitted %n jobs.</numerusform></translation>
    </message>
</context>
<context>
    <name>gantry::SchemaFormPage</name>
    <message>
        <source>Show the first problem</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Discard changes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Review and apply…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot read the settings: %1</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n problem(s) must be fixed before the settings can be applied.</source>
        <translation>
            <numerusform>%n problem must be fixed before the settings can be applied.</numerusform><numerusform>%n problems must be fixed before the settings can be applied.</numerusform></translation>
    </message>
    <message>
        <source>On this page: %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>On other pages: %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Applying…</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n unsaved change(s) across the settings pages</source>
        <translation>
            <numerusform>%n unsaved change across the settings pages</numerusform><numerusform>%n unsaved changes across the settings pages</numerusform></translation>
    </message>
    <message>
        <source>Applied version %1, no unsaved changes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Nothing applied yet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loading the settings…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>version %1 was applied elsewhere meanwhile; your changes are kept on top of it</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n problem(s)</source>
        <translation>
            <numerusform>%n problem</numerusform><numerusform>%n problems</numerusform></translation>
    </message>
    <message>
        <source>Test LDAP…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Verify TLS…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Generate self-signed certificate…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Fetch CA chain from host…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Test proxy…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Test LDAP</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Logs in as a test user with the LDAP settings as they are on this page, unsaved changes included.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Test user</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Verify TLS</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Checks the certificate chain and private key on this page (unsaved changes included) for the host name.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Host name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Generate self-signed certificate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Creates an RSA 2048 certificate and key for the host name and fills them in (not applied until you apply). Browsers and build nodes will not trust it unless you add it to their trust stores.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Valid for (days)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Fetch CA chain from host</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reads the certificate chain a TLS server presents (e.g. your GitHub Enterprise) and adds it to the custom root CAs, unsaved.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Host</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Test proxy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Fetches the URL through the proxy settings on this page, unsaved changes included.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>URL</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::SettingsChecks</name>
    <message>
        <source>gantryd answered without a certificate and key.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Generate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A self-signed certificate and its key are filled in; apply to keep them.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::SettingsField</name>
    <message>
        <source>Default: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Change…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Change %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Clear %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>New value</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Keep saved</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Keep the saved %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose the file for %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key *.cer);;All files (*)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot read %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The file is larger than 1 MiB.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>•••• (set)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not set</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>•••• (new, not applied yet)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Will be cleared when applied</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No file chosen</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n line(s) of text (no certificate)</source>
        <translation>
            <numerusform>%n line of text (no certificate)</numerusform><numerusform>%n lines of text (no certificate)</numerusform></translation>
    </message>
    <message>
        <source>Required</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Locked: %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::SettingsHistory</name>
    <message>
        <source>rollback to %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>update</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Actor</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Changed settings</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::SettingsHistoryPage</name>
    <message>
        <source>(secret)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Review and apply…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Roll back to the selected version…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Applied versions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Applied settings versions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Compare version</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>with version</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Compare from version</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Compare to version</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Differences between the two versions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Settings history</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>✓ Rolled back: version %1 now holds the settings of version %2.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Applied settings: version %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No settings applied yet: fill in the pages on the left, then apply.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n unsaved change(s).</source>
        <translation>
            <numerusform>%n unsaved change.</numerusform><numerusform>%n unsaved changes.</numerusform></translation>
    </message>
    <message>
        <source>0 (empty)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1: %2 → %3</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Roll back to version %1? This applies a new version %2 equal to version %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No setting changes.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>What changes:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Your unsaved changes are kept and stay unsaved.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Roll back settings</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n setting(s) differ between version %1 and version %2</source>
        <translation>
            <numerusform>%n setting differs between version %1 and version %2</numerusform><numerusform>%n settings differ between version %1 and version %2</numerusform></translation>
    </message>
    <message>
        <source>Setting</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Version %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(secret, changed)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(set)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(not set)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(set, changed)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::SettingsListEditor</name>
    <message>
        <source>Add…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Edit…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>From file…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add %1 from a file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add to %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Edit the selected entry of %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remove the selected entry of %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>PEM certificate(s):</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add a certificate to %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.cer);;All files (*)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot read %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The file is larger than 1 MiB.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Edit %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::SettingsMapEditor</name>
    <message>
        <source>Add</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add an entry to %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remove the selected entry of %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::SettingsPages</name>
    <message>
        <source>Unsaved settings</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n setting(s) changed but not applied. Apply them now, discard them, or stay to keep editing?</source>
        <translation>
            <numerusform>%n setting changed but not applied. Apply it now, discard it, or stay to keep editing?</numerusform><numerusform>%n settings changed but not applied. Apply them now, discard them, or stay to keep editing?</numerusform></translation>
    </message>
    <message>
        <source>Review and apply…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Discard</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stay</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::SettingsViewModel</name>
    <message>
        <source>%1 cannot change after the first apply: it was set when version 1 was applied, and changing it later corrupts the installation.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>set</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>not set</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>cleared</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>changed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sending the draft to gantryd…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 Reload to see the settings applied since version %2; your unsaved values are kept.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Applying: writing version %1 and its rendered files…</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::StaleBanner</name>
    <message>
        <source>Data freshness</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::UsersModel</name>
    <message>
        <source>never</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Admin</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Viewer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>First login</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last login</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gantry::UsersPage</name>
    <message>
        <source>Make admin</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Make viewer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Users</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Users log in with their LDAP credentials. The first user to log in became an admin; everyone after is a viewer until an admin promotes them. Viewers can read everything but change nothing.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Make %1 an admin? Admins can change every setting and every user's role.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Make %1 a viewer? They can then read but not change anything.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Change role</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>✗ %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Nobody has signed in yet. While LDAP is off (Settings → LDAP), the token in gantryd.json is the only way in; once it is on, the first user to sign in becomes an admin and appears here.</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>