// Keys and certificates made for these tests with ssh-keygen and openssl (RSA 2048/1024, Ed25519,
// P-256; a test CA that issued the leaf certificate). None of them protects anything.

enum KeyMaterialFixtures {
    static let sshRSA2048 = """
        ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDCbcN6pzir5xZgdL5C2w8/REWHXIo1pZAalEUnFgKwNoK5kFNDQ4/6DN1YSm9TQo1e64Q6wXwOND+yRbXamQN5vKL2UrLNOoIlFp/fxG9fcQ2tIR2YVhA4ga0PRJPtiqFn72rv9i+bGRpvAq8qGaCe+pIM++OhEi74Z7shMrxVBAPjcvd6Ii7wUKX0ncWqQor1stHmoNZz4T1SE9DELKduwzfn9aSWZgQqChw2epUxms5qXuhGSnmSJO7yZFZOezseaPVqD7d9trSa1dTE+wsaZ52q1HX7dKUeuIoraccmGSOSLEvQcaEz6LXocTIH/AUNG5yx1TC5l9mO7t42rmFR alice@example
        """
    static let spkiRSA2048 = """
        -----BEGIN PUBLIC KEY-----
        MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwm3Deqc4q+cWYHS+QtsP
        P0RFh1yKNaWQGpRFJxYCsDaCuZBTQ0OP+gzdWEpvU0KNXuuEOsF8DjQ/skW12pkD
        ebyi9lKyzTqCJRaf38RvX3ENrSEdmFYQOIGtD0ST7YqhZ+9q7/YvmxkabwKvKhmg
        nvqSDPvjoRIu+Ge7ITK8VQQD43L3eiIu8FCl9J3FqkKK9bLR5qDWc+E9UhPQxCyn
        bsM35/WklmYEKgocNnqVMZrOal7oRkp5kiTu8mRWTns7Hmj1ag+3fba0mtXUxPsL
        GmedqtR1+3SlHriKK2nHJhkjkixL0HGhM+i16HEyB/wFDRucsdUwuZfZju7eNq5h
        UQIDAQAB
        -----END PUBLIC KEY-----
        """
    static let pkcs1RSA2048 = """
        -----BEGIN RSA PUBLIC KEY-----
        MIIBCgKCAQEAwm3Deqc4q+cWYHS+QtsPP0RFh1yKNaWQGpRFJxYCsDaCuZBTQ0OP
        +gzdWEpvU0KNXuuEOsF8DjQ/skW12pkDebyi9lKyzTqCJRaf38RvX3ENrSEdmFYQ
        OIGtD0ST7YqhZ+9q7/YvmxkabwKvKhmgnvqSDPvjoRIu+Ge7ITK8VQQD43L3eiIu
        8FCl9J3FqkKK9bLR5qDWc+E9UhPQxCynbsM35/WklmYEKgocNnqVMZrOal7oRkp5
        kiTu8mRWTns7Hmj1ag+3fba0mtXUxPsLGmedqtR1+3SlHriKK2nHJhkjkixL0HGh
        M+i16HEyB/wFDRucsdUwuZfZju7eNq5hUQIDAQAB
        -----END RSA PUBLIC KEY-----
        """
    static let sshRSA1024 = """
        ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC379d8s/qp3tByejqM+b/OoZkZUbjL89CynCX7N0LEt7+jc60gMtmpyBhvI3juTteXjZV7aT4gRsOWFERspFLYT9taEx96gv39OZdhUi4oCsM/T1L22157fb/TBD8Lk0kS6bxjyaR2GeysRcI2/p1rdYedp1DDT+9P5c280kF+pQ== root@vm
        """
    static let sshEd25519 = """
        ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIhT/gF3a1TBRQ3VZQ1z56cxjzmgu6bRr8YwwynLiXa2 root@vm
        """
    static let spkiEC = """
        -----BEGIN PUBLIC KEY-----
        MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEga3Ac3JVAEKSrp6b3oYlmx0i6whh
        bqIs/yvIo6Kfp6+Joy48TlPDeiXFsFO2tEM+HBLdtnzSOM3WR5C00aYeTg==
        -----END PUBLIC KEY-----
        """
    static let caCertificate = """
        -----BEGIN CERTIFICATE-----
        MIIDBTCCAe2gAwIBAgIUL8v2pAXzNyXupcvchDTYanxfPJcwDQYJKoZIhvcNAQEL
        BQAwEjEQMA4GA1UEAwwHVGVzdCBDQTAeFw0yNjEyMDYxMDM0NTlaFw0zNjEyMDMx
        MDM0NTlaMBIxEDAOBgNVBAMMB1Rlc3QgQ0EwggEiMA0GCSqGSIb3DQEBAQUAA4IB
        DwAwggEKAoIBAQCtFfgvLXjx+3uPysVx6qDL4jaS1SgM6/7zEe3xAacf3efPcHK7
        qT4Hf9VfxuO9r1HRw6jre7efPa2Jz6YizUSG5gxz4TckJF8KR/Sj6BQKeCEOpRg8
        XPY3GOUuslCbMs+5nFgls9pG3CAZFc5XFpk/Ol6mFtc6PobFEW4yj18/WrEfGeZZ
        CLXSfd238Lqfnh0IJllYNuHAuNt0pCgq1kdnmuWSwJJGwhnOKtf9kgED2h1Q/GcB
        yEXhhvh38EQfceZpooRIeXz+Q63ZdUZj+1ZwEXYG2V/1I0NXXPzrPvA0ldJJX6hd
        9dOe0jxJcpZH/tD0BKG0+NmyElDe4G8xIHjLAgMBAAGjUzBRMB0GA1UdDgQWBBT9
        CtPZbtcJh1T74PS6x5AzAHlc/DAfBgNVHSMEGDAWgBT9CtPZbtcJh1T74PS6x5Az
        AHlc/DAPBgNVHRMBAf8EBTADAQH/MA0GCSqGSIb3DQEBCwUAA4IBAQCbx+rwD16O
        wHM5oXEQRzpyoYlcU4/6FvuaO3evNIl01sMoy/ugRqBUSbW1aO5mCXEfAwZ0ff+w
        yzVs9aa8syWQnniD0mjWTUuc6oUmJF7fYUWYZ4+HHSKbR432xuVJHnn4jhnxBFSz
        rQ3+rIV9ciNTbEUmE1DUTWsYztI10O5zwekJ363hQe4dlYkETd7/n9d0D5Eyul1r
        mn7g6+XxhbCPSTk4egiyi7R06+jaf19O/121idHG4IOTe+OCxqEBpe9uISOWhx5O
        9qLG08Zb2zMu1EE20fUW2RVkSv87J/cJjkKDVCJYPixzdswyvsRfKNwJsBVK7GJi
        fA9qIZKM50sf
        -----END CERTIFICATE-----
        """
    static let leafCertificate = """
        -----BEGIN CERTIFICATE-----
        MIICszCCAZsCFBpi+XqDaP0OFHTA7xp98j7e9Hh7MA0GCSqGSIb3DQEBCwUAMBIx
        EDAOBgNVBAMMB1Rlc3QgQ0EwHhcNMjYxMjA2MTAzNTAzWhcNMzYxMjAzMTAzNTAz
        WjAaMRgwFgYDVQQDDA93d3cuZXhhbXBsZS5jb20wggEiMA0GCSqGSIb3DQEBAQUA
        A4IBDwAwggEKAoIBAQDkRqGF3m6IcjmcAjoFTk+sz/mr/OpwbqJBfulvXO7rCpYu
        36YTa4Cb8z/WYjVWm4VREInV9HgV6ngevf1v7IhsSR1ppj5jHklwJcfKGf4A3tUz
        jjoU1otitTK6+mJFolYXO2ZlgoL64UaGEhCDBF9EazvpX6u1tv1EPIOpkpuAcJpO
        WyjsJ5cjnt3WdFJShBZrgu18BZyHCkcfdAXDjVUOn5SyCdOhOFqc3kgPSCFlqm8r
        e7B2Y98M7/OVjLjr95OPVulp4n2BT0LCGltvjJxvkaOB9eUZdonCtn8nMjDvn316
        HpQhqsFJSCDcmoFH6VQyYWZb1FzJYJq7fPnKcAO9AgMBAAEwDQYJKoZIhvcNAQEL
        BQADggEBAB0VNc5+yheH+Cvj5YfcjAKx8sAM4bdtuqXIkSJxOxoILHAxoY4GNc2c
        GERysqMM10C2tfsdFJAyOeLKuoNhvSaYojeOhl2E2s9Wjc6WEJ58/JPaGgy7WuxI
        NG2qGkGoPIaeJjsHDmEyNYakAZvNR+y3JsYjxK/RagsFD52mYSco+3b4DxTEC01q
        720RlJMcSTZ4gemNPB+nq68juj3Mos/UbBoePx4CObaRMeUcbv7UU3bhd4FAJUtj
        SkfdMvA4gfXt+UxZ25HCFzASTzGaKjbD3fUkzZakl/c+FBzekQ999lp6WHRA8NGK
        pLTz7rDCWFra7ttLQYccWkEWMeiuPJc=
        -----END CERTIFICATE-----
        """
    static let leafKeyPKCS8 = """
        -----BEGIN PRIVATE KEY-----
        MIIEvwIBADANBgkqhkiG9w0BAQEFAASCBKkwggSlAgEAAoIBAQDkRqGF3m6Icjmc
        AjoFTk+sz/mr/OpwbqJBfulvXO7rCpYu36YTa4Cb8z/WYjVWm4VREInV9HgV6nge
        vf1v7IhsSR1ppj5jHklwJcfKGf4A3tUzjjoU1otitTK6+mJFolYXO2ZlgoL64UaG
        EhCDBF9EazvpX6u1tv1EPIOpkpuAcJpOWyjsJ5cjnt3WdFJShBZrgu18BZyHCkcf
        dAXDjVUOn5SyCdOhOFqc3kgPSCFlqm8re7B2Y98M7/OVjLjr95OPVulp4n2BT0LC
        GltvjJxvkaOB9eUZdonCtn8nMjDvn316HpQhqsFJSCDcmoFH6VQyYWZb1FzJYJq7
        fPnKcAO9AgMBAAECggEAEXL9tKIupaLs7j+JqFoBWKFy1ren7a1jR+mNK0xPCKvq
        lCLX4CBQTdDFATHzck9D3FEM5uF/pBXkFd4qJy9NM/vNx1jkEscKpYuEb1mCc0C/
        9XzVHz58G/Djs8ELwyy4HcwA/9g/WLE2JxhD51lC9VOoxNDMQGvAWyzbV++4j74c
        HhWgIrtDtbfqjdbcfiZ2aILbxu6u2rTL5VopgzXToeGoXCGgnsKCN7WhmMBmcHUU
        VJu80LSWlgM9zycxp7uod+bAFUrFraPewioZu2GmEaK3nbwm5/3GNPIs1vmqkMnZ
        B9mXgxytqwPqOt64Q6S/G+eFFgH2mfmF48FyWGACOQKBgQD1K7MTlLR38DfQBFEh
        Ee7l3gP2tTy8HI7WzSs1v5yE3swHQeP9FNOQMMD4g8XSN9ZsHACuI/fhiJN6QRVT
        y0yl4bX/H8EyFZdRS2xHHCHhX0P8IwqAYN6RMm3E+9cHADIpTkqokc65PFHhqbeh
        vFuJEiO0JTE8EvwO12/XlaH2ZQKBgQDuW+QnxW0puF0YsUmVN0AbI1bO/ufAz4u7
        F9m7bGw7lHYYhenmSPvICggluDtkJHRJkC1z7LvShssK1wTqOO3uEjzCnXwiYKXw
        bmeHoDMYjIN36pw812Pzo1aiOGmReGgCuch2m9ZjLDgm17SoRtek8es+VGBH3TPi
        B8euRxB2eQKBgQDT7q6iYo2OkGzuuIyZFbN5qW2rugeCZP1k2X5cvAJFKYMdUuwO
        Pg6UOlDVgrNigTotwhckcZs5rqItsE0LXlYnnvGAVKbg8KEZeSVkYwE2nO9b6b6O
        My6yPPF+smSyfIzf//mxtjkJDweJFvjSKszFtJSAiRYCZDbXbYwUxBh5sQKBgQCX
        w+qBaDMZXUnpbvhrCcLHhLjBE4x8N6nAdm8r5t0DEoQfGSTUe6PUuo51ddha6tsf
        +6z1IsZ0RV8Ch+WZPKZB71rAj4V6Xg9KBwHkWRwvhUgwEjFoi7wYZOfEYibVeNTA
        54m7+32Fp6IZGT7t5i1n2KDwDsk++JkQUePSE21oAQKBgQDh8wxWRt/0nhN4VaHB
        fGLYW8RB+52ChgAmeVPtJARDxzEfoytlSgnpWkRZYTHP6YbYI+N97Xy8xTtvgZA+
        0/y1JAfEdPjl4eTylnew2iccZIqMKWpADlTDo6BxMIb8nndddI9Y+UiZIeJtUSdn
        SZfU1I/LsCEjT6aaBw+6t4jucg==
        -----END PRIVATE KEY-----
        """
    static let leafKeyPKCS1 = """
        -----BEGIN RSA PRIVATE KEY-----
        MIIEpQIBAAKCAQEA5Eahhd5uiHI5nAI6BU5PrM/5q/zqcG6iQX7pb1zu6wqWLt+m
        E2uAm/M/1mI1VpuFURCJ1fR4Fep4Hr39b+yIbEkdaaY+Yx5JcCXHyhn+AN7VM446
        FNaLYrUyuvpiRaJWFztmZYKC+uFGhhIQgwRfRGs76V+rtbb9RDyDqZKbgHCaTlso
        7CeXI57d1nRSUoQWa4LtfAWchwpHH3QFw41VDp+UsgnToThanN5ID0ghZapvK3uw
        dmPfDO/zlYy46/eTj1bpaeJ9gU9Cwhpbb4ycb5GjgfXlGXaJwrZ/JzIw7599eh6U
        IarBSUgg3JqBR+lUMmFmW9RcyWCau3z5ynADvQIDAQABAoIBABFy/bSiLqWi7O4/
        iahaAVihcta3p+2tY0fpjStMTwir6pQi1+AgUE3QxQEx83JPQ9xRDObhf6QV5BXe
        KicvTTP7zcdY5BLHCqWLhG9ZgnNAv/V81R8+fBvw47PBC8MsuB3MAP/YP1ixNicY
        Q+dZQvVTqMTQzEBrwFss21fvuI++HB4VoCK7Q7W36o3W3H4mdmiC28burtq0y+Va
        KYM106HhqFwhoJ7Cgje1oZjAZnB1FFSbvNC0lpYDPc8nMae7qHfmwBVKxa2j3sIq
        GbthphGit528Juf9xjTyLNb5qpDJ2QfZl4McrasD6jreuEOkvxvnhRYB9pn5hePB
        clhgAjkCgYEA9SuzE5S0d/A30ARRIRHu5d4D9rU8vByO1s0rNb+chN7MB0Hj/RTT
        kDDA+IPF0jfWbBwAriP34YiTekEVU8tMpeG1/x/BMhWXUUtsRxwh4V9D/CMKgGDe
        kTJtxPvXBwAyKU5KqJHOuTxR4am3obxbiRIjtCUxPBL8Dtdv15Wh9mUCgYEA7lvk
        J8VtKbhdGLFJlTdAGyNWzv7nwM+LuxfZu2xsO5R2GIXp5kj7yAoIJbg7ZCR0SZAt
        c+y70obLCtcE6jjt7hI8wp18ImCl8G5nh6AzGIyDd+qcPNdj86NWojhpkXhoArnI
        dpvWYyw4Jte0qEbXpPHrPlRgR90z4gfHrkcQdnkCgYEA0+6uomKNjpBs7riMmRWz
        ealtq7oHgmT9ZNl+XLwCRSmDHVLsDj4OlDpQ1YKzYoE6LcIXJHGbOa6iLbBNC15W
        J57xgFSm4PChGXklZGMBNpzvW+m+jjMusjzxfrJksnyM3//5sbY5CQ8HiRb40irM
        xbSUgIkWAmQ2122MFMQYebECgYEAl8PqgWgzGV1J6W74awnCx4S4wROMfDepwHZv
        K+bdAxKEHxkk1Huj1LqOdXXYWurbH/us9SLGdEVfAoflmTymQe9awI+Fel4PSgcB
        5FkcL4VIMBIxaIu8GGTnxGIm1XjUwOeJu/t9haeiGRk+7eYtZ9ig8A7JPviZEFHj
        0hNtaAECgYEA4fMMVkbf9J4TeFWhwXxi2FvEQfudgoYAJnlT7SQEQ8cxH6MrZUoJ
        6VpEWWExz+mG2CPjfe18vMU7b4GQPtP8tSQHxHT45eHk8pZ3sNonHGSKjClqQA5U
        w6OgcTCG/J53XXSPWPlImSHibVEnZ0mX1NSPy7AhI0+mmgcPureI7nI=
        -----END RSA PRIVATE KEY-----
        """
    static let caKey = """
        -----BEGIN PRIVATE KEY-----
        MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCtFfgvLXjx+3uP
        ysVx6qDL4jaS1SgM6/7zEe3xAacf3efPcHK7qT4Hf9VfxuO9r1HRw6jre7efPa2J
        z6YizUSG5gxz4TckJF8KR/Sj6BQKeCEOpRg8XPY3GOUuslCbMs+5nFgls9pG3CAZ
        Fc5XFpk/Ol6mFtc6PobFEW4yj18/WrEfGeZZCLXSfd238Lqfnh0IJllYNuHAuNt0
        pCgq1kdnmuWSwJJGwhnOKtf9kgED2h1Q/GcByEXhhvh38EQfceZpooRIeXz+Q63Z
        dUZj+1ZwEXYG2V/1I0NXXPzrPvA0ldJJX6hd9dOe0jxJcpZH/tD0BKG0+NmyElDe
        4G8xIHjLAgMBAAECggEAGBGxiRH4OyI/DQBkE5LOmHuVHjcREjbxJakNHxIdRPOt
        TC31bn46930B1YdJXTPXm2VrhI+YOccwbjUXg8hqqp2sBqM/cUGzi7D05qQbwVby
        NeCkbaR5wrCuEh/O0L4wn72LjnajuG3c8tAS+Q5V8jJyPgN4G4vdXuMtIU/JrXv7
        EQSQsIDI0K/0P0d2VEfz6l0pHjzlPWG5VidHR8tcQ3Vbx6zlpKhV84fW1mzgmDiC
        h4w2KMuUc6FrdhfhjhWe0v+abhu5YLLOsWyZPYXJvVPvCPpzT7ao9OtTuMOA97te
        sM/Qw5YU0nrD9i6st2coIgNtFZ7z2hKjMUkJQ6LIUQKBgQDTI8dcNmm3vCRQOlx2
        9JXSv5VGlaDvpZWIaTG66JcUsnl1LLAt6nL19/ZWGhYIWemTCUnjiYoAL73d8sEn
        kJx1L6d3oFIAHozY1pxnjZik25RrkeEqApTEO1Ag0TzK5LgVXAcltN3/uKHCZ3S8
        OxjSqjiRQKiMy2tZqfn27t4ZMQKBgQDR3GCbYXWmHA8Azuwnz1EmjtFxRb0MQ6Uj
        GSNBpY5IzjnM9HZZuha+8MUwi8fXp7QY2alHtSZuR2XGKj8XOMZGsdDC+//IXlNW
        8yolEtW3NXfuqgSwTcQsDwW/vfNSWRWVXvwFc4Pvd850/x4ILBw01ausbIDpR0TM
        CMAG5WCyuwKBgBZqoAnsRQEa2ogiChsfEKEVchXSYQnQfLXE5WDAvPmXkUmdev8E
        +zueHes6TciJM0FHJS8hNSOb7f6YfWVj9xiB/Le4r7wPgkirUGO2JtSp83IQROWe
        7IiA+5rgXCH2cozh/mhEcaVqxtHLBhvN8m67X9IcGUkJd9ZHM6DB75ahAoGAO+Fx
        /2QTuc4Pyd9BKyrQsPvXb0bC5pj2qckmcjjXHJcbjwvCKWAb1WfGHFAGOda0YNLa
        podd6+GbfKvZTLr6eHmMY9ab6YRgq1K/F80EBj7Pdd41cEkATMIMleWRZFHfArwT
        lUqcvtukoWWaICLV+Y1uasibD/UyADYO9OjGarkCgYEAzx1I9cl+vjrdHWyIlKnm
        1+zjP6W3Lh6wsRtnGqtvESwcZrFQ3ntvqF1B6RO4icJk5UJXzFjYfos5Hf+Eo/ZA
        opub86hFgRBTGVy+0/9etv8M2vVuvMI3uli9Z5C1oJWsRye2HVmNYkkt8vDIeTQE
        fSi8DlfmY60AnKvUCEcIZOU=
        -----END PRIVATE KEY-----
        """
    static let ecCertificate = """
        -----BEGIN CERTIFICATE-----
        MIIBhjCCAS2gAwIBAgIUfIXAgeCxn2c2LJ/EVjdffFvRLjgwCgYIKoZIzj0EAwIw
        GTEXMBUGA1UEAwwOZWMuZXhhbXBsZS5jb20wHhcNMjYxMjA2MTAzNTAzWhcNMzYx
        MjAzMTAzNTAzWjAZMRcwFQYDVQQDDA5lYy5leGFtcGxlLmNvbTBZMBMGByqGSM49
        AgEGCCqGSM49AwEHA0IABC55a/3Mz1Z1JTIKOOuVRAAPjow38odpW6lPEHyuZC45
        T0L3OGQ9CSBo5Z2xNd1/F0483mzmsUNbgRGQsB8vLkOjUzBRMB0GA1UdDgQWBBSm
        jpkQse37K3sAZI6cmn8fptXFZDAfBgNVHSMEGDAWgBSmjpkQse37K3sAZI6cmn8f
        ptXFZDAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0cAMEQCIEJ2ZDH1OH5J
        953K0fOHEyYaK6SRAQAVKh3S1cJyD4HJAiA5HRWP/XtU2wkXT6NUbpebU8jm/6MX
        2bfPSOtyVMdY/A==
        -----END CERTIFICATE-----
        """
    static let ecKeyPKCS8 = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg5fB1eVGBYTKh05zq
        6tVzmR+I0xc52cdg9js2M2Bw5gqhRANCAAQueWv9zM9WdSUyCjjrlUQAD46MN/KH
        aVupTxB8rmQuOU9C9zhkPQkgaOWdsTXdfxdOPN5s5rFDW4ERkLAfLy5D
        -----END PRIVATE KEY-----
        """
    static let ecKeySEC1 = """
        -----BEGIN EC PRIVATE KEY-----
        MHcCAQEEIOXwdXlRgWEyodOc6urVc5kfiNMXOdnHYPY7NjNgcOYKoAoGCCqGSM49
        AwEHoUQDQgAELnlr/czPVnUlMgo465VEAA+OjDfyh2lbqU8QfK5kLjlPQvc4ZD0J
        IGjlnbE13X8XTjzebOaxQ1uBEZCwHy8uQw==
        -----END EC PRIVATE KEY-----
        """
    /// `ssh-keygen -l -E md5` of sshRSA2048.
    static let md5Fingerprint = "58:0d:17:6b:32:91:5e:98:6b:00:fe:24:54:54:95:40"
}
